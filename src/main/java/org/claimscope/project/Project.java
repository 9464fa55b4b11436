package org.claimscope.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.claimscope.common.InvalidInputException;
import org.claimscope.security.User;

/** A research group's corpus: its documents, codebook, members and their annotations. */
@Entity
@Table(name = "project")
public class Project {
    public static final int NAME_MAX = 200;
    public static final int DESCRIPTION_MAX = 4000;

    @Id
    @SequenceGenerator(name = "project_seq", sequenceName = "project_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "project_seq")
    private Long id;

    @Version
    private long version;

    @Column(nullable = false, length = NAME_MAX)
    private String name;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(columnDefinition = "TEXT")
    private String guidelines;

    @Column(name = "annotators_per_document", nullable = false)
    private int annotatorsPerDocument = 2;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "created_by")
    private User createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Project() {
    }

    public Project(String name, String description, User createdBy) {
        describe(name, description);
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public final void describe(String name, String description) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name is required");
        }
        if (name.strip().length() > NAME_MAX) {
            throw new InvalidInputException("name", "name has more than " + NAME_MAX + " characters");
        }
        if (description != null && description.length() > DESCRIPTION_MAX) {
            throw new InvalidInputException("description", "description has more than " + DESCRIPTION_MAX + " characters");
        }
        this.name = name.strip();
        this.description = description == null ? "" : description.strip();
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getGuidelines() {
        return guidelines;
    }

    public void setGuidelines(String guidelines) {
        this.guidelines = guidelines;
    }

    public int getAnnotatorsPerDocument() {
        return annotatorsPerDocument;
    }

    public User getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Project other && id != null && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return Project.class.hashCode();
    }
}
