package org.claimscope.document;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.claimscope.common.NotFoundException;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/** Reading documents, always through the project's access rules. */
@ApplicationScoped
@Transactional
public class DocumentService {
    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    public DocumentService() {
    }

    /** For tests outside the container. */
    public DocumentService(EntityManager em, ProjectService projects) {
        this.em = em;
        this.projects = projects;
    }

    /** The project's documents in import order, without their text. */
    public List<DocumentSummary> list(User caller, long projectId) {
        projects.access(caller, projectId);
        return em.createQuery("SELECT NEW org.claimscope.document.DocumentSummary(d.id, d.projectId, d.title, d.author, "
                        + "d.publishedAt, d.siteName, d.sourceUrl, d.language, d.mediaType, d.fileName, d.fileSize, "
                        + "d.textLength, d.textSha256, d.importedAt) FROM Document d WHERE d.projectId = :project "
                        + "ORDER BY d.id", DocumentSummary.class)
                .setParameter("project", projectId).getResultList();
    }

    /** A document and what the caller may do in its project; 404 when it is not the caller's to see. */
    public Visible get(User caller, long documentId) {
        Document document = em.find(Document.class, documentId);
        if (document == null) {
            throw new NotFoundException("there is no document " + documentId);
        }
        Access access;
        try {
            access = projects.access(caller, document.getProjectId());
        } catch (NotFoundException notMember) {
            throw new NotFoundException("there is no document " + documentId);
        }
        return new Visible(document, access);
    }

    /** The document in this project whose text has this hash, if any. */
    public Optional<Long> findByHash(long projectId, String sha256) {
        return em.createQuery("SELECT d.id FROM Document d WHERE d.projectId = :project AND d.textSha256 = :hash",
                        Long.class)
                .setParameter("project", projectId).setParameter("hash", sha256)
                .getResultStream().findFirst();
    }

    /**
     * Who has an annotation set on each document of the project, and its state; for curators and
     * managers. When the project hides names from curators, curators see pseudonyms.
     */
    public java.util.Map<Long, List<SetSummary>> setsByDocument(User caller, long projectId) {
        Access access = projects.access(caller, projectId);
        if (!access.mayReadAllSets()) {
            throw new org.claimscope.common.ForbiddenException("only curators and managers see everyone's sets");
        }
        boolean anonymous = access.project().isAnonymousCuration() && !access.isManager();
        java.util.Map<Long, String> pseudonyms = anonymous ? projects.pseudonyms(projectId) : java.util.Map.of();
        java.util.Map<Long, List<SetSummary>> byDocument = new java.util.HashMap<>();
        em.createQuery("SELECT s.document.id, s.owner.id, s.owner.login, s.state FROM "
                        + "org.claimscope.annotation.AnnotationSet s WHERE s.document.projectId = :project "
                        + "ORDER BY s.owner.login", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> byDocument.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>())
                        .add(new SetSummary(anonymous ? pseudonyms.getOrDefault((Long) row[1], "?") : (String) row[2],
                                row[3].toString())));
        return byDocument;
    }

    /** One annotator's set on a document. */
    public record SetSummary(String login, String state) {
    }

    /** A document together with the caller's access to its project. */
    public record Visible(Document document, Access access) {
    }
}
