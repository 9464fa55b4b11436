package org.claimscope.annotation;

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
import org.claimscope.document.Document;
import org.claimscope.security.User;

/**
 * One annotator's annotations on one document. Annotators never write to each other's sets,
 * which keeps annotation blind and removes most write conflicts.
 */
@Entity
@Table(name = "annotation_set")
public class AnnotationSet {
    @Id
    @SequenceGenerator(name = "annotation_set_seq", sequenceName = "annotation_set_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "annotation_set_seq")
    private Long id;

    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "document_id")
    private Document document;

    /** the annotator; none for a document's curated set */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id")
    private User owner;

    @Column(nullable = false)
    private boolean curated;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private SetState state = SetState.NEW;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AnnotationSet() {
    }

    public AnnotationSet(Document document, User owner) {
        this.document = document;
        this.owner = owner;
        this.updatedAt = Instant.now();
    }

    /** The document's curated layer, which belongs to no annotator. */
    public static AnnotationSet curated(Document document) {
        AnnotationSet set = new AnnotationSet(document, null);
        set.curated = true;
        set.state = SetState.IN_PROGRESS;
        return set;
    }

    /**
     * Called on every change to the set's annotations: a new set becomes a set in progress. A set
     * already in progress is left untouched, so that an annotator's parallel saves (two tabs, a
     * script with several connections) do not collide on the set's version.
     */
    public void touch() {
        if (state == SetState.NEW || state == SetState.ABANDONED) {
            state = SetState.IN_PROGRESS;
            updatedAt = Instant.now();
        }
    }

    public void finish() {
        state = SetState.FINISHED;
        updatedAt = Instant.now();
    }

    /** Returns the document to the pool; the annotations stay. */
    public void abandon() {
        state = SetState.ABANDONED;
        updatedAt = Instant.now();
    }

    public void reopen() {
        state = SetState.IN_PROGRESS;
        updatedAt = Instant.now();
    }

    /**
     * Gives a set created from an imported bundle the state and time it had where it was exported (the time stays
     * as it is when none is known). The caller keeps {@code document.active_sets} right through {@link ActiveSets}.
     */
    public void restore(SetState state, Instant updatedAt) {
        this.state = state;
        if (updatedAt != null) {
            this.updatedAt = updatedAt;
        }
    }

    public Long getId() {
        return id;
    }

    public Document getDocument() {
        return document;
    }

    public User getOwner() {
        return owner;
    }

    /** Whether the set holds a place on its document: an annotator's set that is not abandoned. */
    public boolean isActive() {
        return owner != null && state != SetState.ABANDONED;
    }

    /** Whether this is the caller's own annotator set (never true of a curated set). */
    public boolean isOwnedBy(User user) {
        return owner != null && owner.getId().equals(user.getId());
    }

    public boolean isCurated() {
        return curated;
    }

    public long getVersion() {
        return version;
    }

    public SetState getState() {
        return state;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
