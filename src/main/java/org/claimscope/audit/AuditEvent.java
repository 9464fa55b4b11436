package org.claimscope.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One recorded change: who did what to which thing, when, and its state before and after (as
 * JSON). Events are written in the same transaction as the change they describe and are never
 * updated, so they carry no version.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
    /** What happened. */
    public enum Action { CREATE, UPDATE, DELETE }

    @Id
    @SequenceGenerator(name = "audit_event_seq", sequenceName = "audit_event_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(name = "actor_id", nullable = false, updatable = false)
    private Long actorId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 20)
    private Action action;

    @Column(name = "entity_type", nullable = false, updatable = false, length = 40)
    private String entityType;

    @Column(name = "entity_id", nullable = false, updatable = false)
    private Long entityId;

    @Column(name = "project_id", updatable = false)
    private Long projectId;

    @Column(name = "document_id", updatable = false)
    private Long documentId;

    @Column(name = "before_state", updatable = false, columnDefinition = "TEXT")
    private String before;

    @Column(name = "after_state", updatable = false, columnDefinition = "TEXT")
    private String after;

    protected AuditEvent() {
    }

    public AuditEvent(Long actorId, Action action, String entityType, Long entityId, Long projectId, Long documentId,
                      String before, String after) {
        this.occurredAt = Instant.now();
        this.actorId = actorId;
        this.action = action;
        this.entityType = entityType;
        this.entityId = entityId;
        this.projectId = projectId;
        this.documentId = documentId;
        this.before = before;
        this.after = after;
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public Long getActorId() {
        return actorId;
    }

    public Action getAction() {
        return action;
    }

    public String getEntityType() {
        return entityType;
    }

    public Long getEntityId() {
        return entityId;
    }

    public Long getProjectId() {
        return projectId;
    }

    public Long getDocumentId() {
        return documentId;
    }

    public String getBefore() {
        return before;
    }

    public String getAfter() {
        return after;
    }
}
