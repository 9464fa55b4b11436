package org.claimscope.document;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.security.User;

/**
 * What a manager decides about a near duplicate that an import flagged: keep it (the flag goes, the document stays)
 * or delete it. Deleting is for documents nobody has worked on yet: a document with annotations, or with a curator's
 * decisions, is refused, so that no one's work is lost.
 */
@ApplicationScoped
@Transactional
public class NearDuplicateDecisions {
    @PersistenceContext
    EntityManager em;

    @Inject
    DocumentService documents;

    @Inject
    AuditService audit;

    /** Keeps a flagged document: it is no longer shown as a near duplicate. */
    public Document keep(User caller, long documentId) {
        Document document = managed(caller, documentId);
        if (document.getNearDuplicateOf() != null) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("nearDuplicateOf", document.getNearDuplicateOf());
            before.put("resemblance", document.getResemblance());
            document.clearNearDuplicate();
            audit.record(caller.getId(), AuditEvent.Action.UPDATE, "document", documentId, document.getProjectId(),
                    documentId, before, Map.of("nearDuplicateOf", "kept"));
        }
        return document;
    }

    /**
     * Deletes a document nobody has worked on: its untouched annotation sets and near-duplicate index go with it, and
     * documents flagged as its near duplicates lose the flag.
     *
     * @throws ConflictException the document has annotations or curation decisions
     */
    public void delete(User caller, long documentId) {
        Document document = managed(caller, documentId);
        long annotations = em.createQuery("SELECT COUNT(a) FROM Annotation a WHERE a.set.document.id = :document",
                Long.class).setParameter("document", documentId).getSingleResult();
        long decisions = em.createQuery("SELECT COUNT(u) FROM CurationUnit u WHERE u.documentId = :document",
                Long.class).setParameter("document", documentId).getSingleResult();
        if (annotations > 0 || decisions > 0) {
            throw new ConflictException("document " + documentId + " has " + annotations + " annotation"
                    + (annotations == 1 ? "" : "s") + (decisions > 0 ? " and curation decisions" : "")
                    + "; it is kept so that no one's work is lost");
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("title", document.getTitle());
        before.put("fileName", document.getFileName());
        before.put("textSha256", document.getTextSha256());
        before.put("nearDuplicateOf", document.getNearDuplicateOf());
        em.createQuery("DELETE FROM Curation c WHERE c.document.id = :document")
                .setParameter("document", documentId).executeUpdate();
        em.createQuery("DELETE FROM AnnotationSet s WHERE s.document.id = :document")
                .setParameter("document", documentId).executeUpdate();
        em.createNativeQuery("DELETE FROM document_band WHERE document_id = ?1").setParameter(1, documentId)
                .executeUpdate();
        em.createQuery("UPDATE Document d SET d.nearDuplicateOf = NULL, d.resemblance = NULL"
                + " WHERE d.nearDuplicateOf = :document").setParameter("document", documentId).executeUpdate();
        em.remove(em.contains(document) ? document : em.merge(document));
        audit.record(caller.getId(), AuditEvent.Action.DELETE, "document", documentId, document.getProjectId(),
                null, before, null);
    }

    private Document managed(User caller, long documentId) {
        DocumentService.Visible visible = documents.get(caller, documentId);
        if (!visible.access().isManager()) {
            throw new ForbiddenException("only the project's managers decide about near duplicates and delete"
                    + " documents");
        }
        return visible.document();
    }
}
