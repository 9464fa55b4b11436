package org.claimscope.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import org.claimscope.common.Json;

/** Writes audit events inside the caller's transaction: a change and its record commit together or not at all. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditService {
    @PersistenceContext
    EntityManager em;

    public AuditService() {
    }

    /** For tests outside the container. */
    public AuditService(EntityManager em) {
        this.em = em;
    }

    public AuditEvent record(long actorId, AuditEvent.Action action, String entityType, long entityId, Long projectId,
                             Long documentId, Object before, Object after) {
        AuditEvent event = new AuditEvent(actorId, action, entityType, entityId, projectId, documentId,
                before == null ? null : Json.write(before), after == null ? null : Json.write(after));
        em.persist(event);
        return event;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> history(String entityType, long entityId) {
        return em.createQuery("SELECT e FROM AuditEvent e WHERE e.entityType = :type AND e.entityId = :id ORDER BY e.id",
                        AuditEvent.class)
                .setParameter("type", entityType).setParameter("id", entityId).getResultList();
    }
}
