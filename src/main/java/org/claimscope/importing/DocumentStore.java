package org.claimscope.importing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.project.Project;
import org.claimscope.security.User;

/**
 * Writes one imported document in a transaction of its own, so that a failure stores nothing of
 * that file and leaves the other files of the same upload alone.
 */
@ApplicationScoped
public class DocumentStore {
    @PersistenceContext
    EntityManager em;

    @Inject
    DocumentService documents;

    /**
     * Stores the document unless the project already has its text.
     *
     * @return the new document's id (positive), or minus the id of the document that already holds the text
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long store(long projectId, long userId, ExtractedText extracted, String sha256, String fileName,
                      long fileSize) {
        java.util.Optional<Long> existing = documents.findByHash(projectId, sha256);
        if (existing.isPresent()) {
            return -existing.get();
        }
        Document document = new Document(em.getReference(Project.class, projectId), extracted.text(), sha256, fileName,
                extracted.mediaType(), fileSize, em.getReference(User.class, userId));
        document.describe(extracted.title(), extracted.author(), extracted.publishedAt(), extracted.siteName(),
                extracted.sourceUrl(), extracted.language());
        em.persist(document);
        em.flush();
        return document.getId();
    }
}
