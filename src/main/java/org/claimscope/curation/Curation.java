package org.claimscope.curation;

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
import jakarta.persistence.OneToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.claimscope.annotation.AnnotationSet;
import org.claimscope.annotation.SetState;
import org.claimscope.document.Document;
import org.claimscope.security.User;

/**
 * The adjudication of one document: its curated layer (a set that belongs to no annotator) and how
 * far the curators have got. Created the first time a curator opens the document; its version
 * guards the state against two curators finishing and reopening at once.
 */
@Entity
@Table(name = "curation")
public class Curation {
    @Id
    @SequenceGenerator(name = "curation_seq", sequenceName = "curation_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "curation_seq")
    private Long id;

    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "document_id")
    private Document document;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "set_id")
    private AnnotationSet set;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private SetState state = SetState.IN_PROGRESS;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "started_by")
    private User startedBy;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "updated_by")
    private User updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Curation() {
    }

    public Curation(Document document, AnnotationSet set, User by) {
        this.document = document;
        this.set = set;
        this.startedBy = by;
        this.startedAt = Instant.now();
        this.updatedBy = by;
        this.updatedAt = startedAt;
    }

    public void changeState(SetState state, User by) {
        this.state = state;
        this.updatedBy = by;
        this.updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public Document getDocument() {
        return document;
    }

    public AnnotationSet getSet() {
        return set;
    }

    public SetState getState() {
        return state;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
