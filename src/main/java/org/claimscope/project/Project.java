package org.claimscope.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
    public static final int MAX_ANNOTATORS_PER_DOCUMENT = 20;

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

    @Enumerated(EnumType.STRING)
    @Column(name = "document_order", nullable = false, length = 20)
    private DocumentOrder documentOrder = DocumentOrder.STABLE;

    @Column(name = "auto_merge_unanimous", nullable = false)
    private boolean autoMergeUnanimous;

    @Column(name = "anonymous_curation", nullable = false)
    private boolean anonymousCuration;

    @Column(name = "abandon_after_hours")
    private Integer abandonAfterHours;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "created_by")
    private User createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** True while the project is being restored from a bundle: nobody sees it until the restore has finished. */
    @Column(name = "import_pending", nullable = false)
    private boolean importPending;

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

    /**
     * Sets how the project hands out work and runs curation. Each value is checked here, so the page
     * and the API refuse the same things with the same message.
     */
    public void applySettings(int annotatorsPerDocument, DocumentOrder order, boolean autoMergeUnanimous,
                              boolean anonymousCuration, Integer abandonAfterHours) {
        if (annotatorsPerDocument < 1 || annotatorsPerDocument > MAX_ANNOTATORS_PER_DOCUMENT) {
            throw new InvalidInputException("annotatorsPerDocument",
                    "annotatorsPerDocument must be between 1 and " + MAX_ANNOTATORS_PER_DOCUMENT);
        }
        if (order == null) {
            throw new InvalidInputException("order", "order must be STABLE or SHUFFLED");
        }
        if (abandonAfterHours != null && (abandonAfterHours < 1 || abandonAfterHours > 24 * 365)) {
            throw new InvalidInputException("abandonAfterHours",
                    "abandonAfterHours must be between 1 and 8760 hours, or empty for never");
        }
        this.annotatorsPerDocument = annotatorsPerDocument;
        this.documentOrder = order;
        this.autoMergeUnanimous = autoMergeUnanimous;
        this.anonymousCuration = anonymousCuration;
        this.abandonAfterHours = abandonAfterHours;
    }

    public DocumentOrder getDocumentOrder() {
        return documentOrder;
    }

    public boolean isAutoMergeUnanimous() {
        return autoMergeUnanimous;
    }

    public boolean isAnonymousCuration() {
        return anonymousCuration;
    }

    public Integer getAbandonAfterHours() {
        return abandonAfterHours;
    }

    public User getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isImportPending() {
        return importPending;
    }

    /** Hides the project until {@link #importFinished()}: its documents are being written from a bundle. */
    public void importStarted() {
        this.importPending = true;
    }

    public void importFinished() {
        this.importPending = false;
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
