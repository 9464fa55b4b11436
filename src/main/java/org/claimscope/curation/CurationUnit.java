package org.claimscope.curation;

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
import org.claimscope.security.User;

/**
 * A curator's decision on one unit, kept by the unit's span because units are formed afresh from
 * the annotators' sets each time: rejected (nothing of it goes into the curated layer) and a note.
 */
@Entity
@Table(name = "curation_unit")
public class CurationUnit {
    public static final int NOTE_MAX = 10_000;

    @Id
    @SequenceGenerator(name = "curation_unit_seq", sequenceName = "curation_unit_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "curation_unit_seq")
    private Long id;

    @Version
    private long version;

    @Column(name = "document_id", nullable = false)
    private long documentId;

    @Column(name = "start_offset", nullable = false)
    private int start;

    @Column(name = "end_offset", nullable = false)
    private int end;

    @Column(nullable = false)
    private boolean rejected;

    @Column(columnDefinition = "TEXT")
    private String note;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "updated_by")
    private User updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected CurationUnit() {
    }

    public CurationUnit(long documentId, int start, int end) {
        this.documentId = documentId;
        this.start = start;
        this.end = end;
    }

    public void decide(boolean rejected, String note, User by) {
        this.rejected = rejected;
        this.note = note == null || note.isBlank() ? null : note.strip();
        this.updatedBy = by;
        this.updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public long getDocumentId() {
        return documentId;
    }

    public int getStart() {
        return start;
    }

    public int getEnd() {
        return end;
    }

    public boolean isRejected() {
        return rejected;
    }

    public String getNote() {
        return note;
    }
}
