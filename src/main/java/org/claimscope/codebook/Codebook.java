package org.claimscope.codebook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import org.claimscope.common.Json;
import org.claimscope.project.Project;

/**
 * A project's codebook. Its content is kept as one JSON document; its version is the entity's
 * optimistic-lock version, so it goes up with every saved change and two managers editing at
 * once cannot overwrite each other.
 */
@Entity
@Table(name = "codebook")
public class Codebook {
    @Id
    @SequenceGenerator(name = "codebook_seq", sequenceName = "codebook_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "codebook_seq")
    private Long id;

    @Version
    private long version;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id")
    private Project project;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, columnDefinition = "TEXT")
    private String definition;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private CodebookDefinition parsed;

    protected Codebook() {
    }

    public Codebook(Project project, CodebookDefinition definition) {
        this.project = project;
        replace(definition);
    }

    /** Replaces the content after checking it; the version goes up when the transaction commits. */
    public final void replace(CodebookDefinition definition) {
        CodebookValidator.validate(definition);
        this.name = definition.name().strip();
        this.definition = Json.write(definition);
        this.parsed = definition;
        this.updatedAt = Instant.now();
    }

    public CodebookDefinition definition() {
        if (parsed == null) {
            parsed = Json.read(definition, CodebookDefinition.class);
        }
        return parsed;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public Project getProject() {
        return project;
    }

    public String getName() {
        return name;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
