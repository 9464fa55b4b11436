package org.claimscope.annotation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.claimscope.audit.AuditEvent.Action;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.codebook.CodebookValidator;
import org.claimscope.codebook.CodebookValidator.AnnotationContent;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectRole;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * Annotating, blind: an annotator reads and writes only their own set; curators and managers may
 * read anyone's set and write none. An annotation outside what the caller may read answers 404,
 * one they may read but not change answers 403. Every change is audited in its own transaction.
 */
@ApplicationScoped
@Transactional
public class AnnotationService {
    public static final String AUDIT_TYPE = "annotation";
    /** how the curated layer is named where an annotator's login would stand */
    public static final String CURATED_LAYER = "curated";

    @PersistenceContext
    EntityManager em;

    @Inject
    DocumentService documents;

    @Inject
    CodebookService codebooks;

    @Inject
    AuditService audit;

    @Inject
    UserService users;

    public AnnotationService() {
    }

    /** For tests outside the container. */
    public AnnotationService(EntityManager em, DocumentService documents, CodebookService codebooks,
                             AuditService audit, UserService users) {
        this.em = em;
        this.documents = documents;
        this.codebooks = codebooks;
        this.audit = audit;
        this.users = users;
    }

    /**
     * The annotations of one set on the document, in text order: the caller's own, or, for
     * curators and managers, those of {@code annotatorLogin}.
     */
    public List<Annotation> list(User caller, long documentId, String annotatorLogin) {
        User owner = ownerToRead(caller, documents.get(caller, documentId), annotatorLogin);
        return em.createQuery("SELECT a FROM Annotation a WHERE a.set.document.id = :document AND a.set.owner.id = :owner "
                        + "ORDER BY a.start, a.end, a.id", Annotation.class)
                .setParameter("document", documentId).setParameter("owner", owner.getId())
                .getResultList();
    }

    /** The state of the caller's own set on the document (NEW when they have not started). */
    public SetState stateOf(User caller, long documentId) {
        return findSet(documentId, caller.getId()).map(AnnotationSet::getState).orElse(SetState.NEW);
    }

    /** The state of one annotator's set, for curators and managers (the caller's own without a login). */
    public SetState stateOf(User caller, long documentId, String annotatorLogin) {
        User owner = ownerToRead(caller, documents.get(caller, documentId), annotatorLogin);
        return findSet(documentId, owner.getId()).map(AnnotationSet::getState).orElse(SetState.NEW);
    }

    /** One annotation, if the caller may read its set. */
    public Annotation get(User caller, long annotationId) {
        Annotation annotation = em.find(Annotation.class, annotationId);
        if (annotation == null) {
            throw new NotFoundException("there is no annotation " + annotationId);
        }
        AnnotationSet set = annotation.getSet();
        if (set.isOwnedBy(caller)) {
            return annotation;
        }
        try {
            if (documents.get(caller, set.getDocument().getId()).access().mayReadAllSets()) {
                return annotation;
            }
        } catch (NotFoundException notVisible) {
            // answered below, the same way as an annotation that does not exist
        }
        throw new NotFoundException("there is no annotation " + annotationId);
    }

    /** The login of the annotator whose set an annotation belongs to. */
    public String ownerLogin(Annotation annotation) {
        AnnotationSet set = annotation.getSet();
        return set.isCurated() ? CURATED_LAYER : set.getOwner().getLogin();
    }

    private User ownerToRead(User caller, DocumentService.Visible visible, String annotatorLogin) {
        if (annotatorLogin == null || annotatorLogin.isBlank() || annotatorLogin.equals(caller.getLogin())) {
            return caller;
        }
        Access access = visible.access();
        if (!access.mayReadAllSets()) {
            throw new ForbiddenException("only curators and managers may read another annotator's annotations");
        }
        if (access.project().isAnonymousCuration() && !access.isManager()) {
            // curators of a project that hides names know annotators by their pseudonyms only
            return em.createQuery("SELECT m.user FROM ProjectMember m WHERE m.project.id = :project "
                            + "AND m.pseudonym = :pseudonym", User.class)
                    .setParameter("project", access.project().getId()).setParameter("pseudonym", annotatorLogin)
                    .getResultStream().findFirst()
                    .orElseThrow(() -> new NotFoundException("there is no annotator " + annotatorLogin
                            + " in this project (annotators are named by their pseudonyms here)"));
        }
        return users.findByLogin(annotatorLogin)
                .orElseThrow(() -> new NotFoundException("there is no annotator " + annotatorLogin));
    }

    public Annotation create(User caller, long documentId, AnnotationInput input) {
        DocumentService.Visible visible = documents.get(caller, documentId);
        requireAnnotator(visible.access());
        AnnotationSet set = ownSet(visible.document(), caller);
        checkOpen(set);
        Annotation annotation = new Annotation(set, em.getReference(User.class, caller.getId()));
        apply(annotation, visible, input, null, caller);
        em.persist(annotation);
        touch(set);
        em.flush();
        audit.record(caller.getId(), Action.CREATE, AUDIT_TYPE, annotation.getId(), visible.document().getProjectId(),
                documentId, null, AnnotationSnapshot.of(annotation));
        return annotation;
    }

    public Annotation update(User caller, long annotationId, AnnotationInput input) {
        Annotation annotation = ownAnnotation(caller, annotationId);
        if (input.version() == null) {
            throw new InvalidInputException("version", "version is required: send the version you last read");
        }
        if (input.version() != annotation.getVersion()) {
            throw new StaleVersionException("this annotation was changed elsewhere (another tab or device) since you "
                    + "loaded it; reload it to see the current version, then make your change again");
        }
        AnnotationSet set = annotation.getSet();
        checkOpen(set);
        DocumentService.Visible visible = documents.get(caller, set.getDocument().getId());
        AnnotationSnapshot before = AnnotationSnapshot.of(annotation);
        apply(annotation, visible, input,
                new AnnotationContent(before.category(), before.subtypes(), before.attributes()), caller);
        touch(set);
        em.flush();
        audit.record(caller.getId(), Action.UPDATE, AUDIT_TYPE, annotation.getId(), visible.document().getProjectId(),
                visible.document().getId(), before, AnnotationSnapshot.of(annotation));
        return annotation;
    }

    public void delete(User caller, long annotationId) {
        Annotation annotation = ownAnnotation(caller, annotationId);
        AnnotationSet set = annotation.getSet();
        checkOpen(set);
        AnnotationSnapshot before = AnnotationSnapshot.of(annotation);
        Document document = set.getDocument();
        em.remove(annotation);
        touch(set);
        audit.record(caller.getId(), Action.DELETE, AUDIT_TYPE, annotationId, document.getProjectId(), document.getId(),
                before, null);
    }

    /** Marks the caller's set on the document finished, or reopens it. */
    public SetState setState(User caller, long documentId, SetState state) {
        DocumentService.Visible visible = documents.get(caller, documentId);
        requireAnnotator(visible.access());
        AnnotationSet set = ownSet(visible.document(), caller);
        boolean wasActive = set.isActive();
        switch (state) {
            case FINISHED -> set.finish();
            case IN_PROGRESS -> set.reopen();
            default -> throw new InvalidInputException("state", "state must be IN_PROGRESS or FINISHED");
        }
        ActiveSets.changed(em, set, wasActive);
        return set.getState();
    }

    /**
     * Speakers to suggest in the editor: those the caller has recorded anywhere in the project, and
     * for curators and managers those of every annotator. Annotators are not shown each other's
     * speakers, which would tell them what others marked.
     */
    public List<String> speakers(User caller, Access access) {
        String ownerFilter = access.mayReadAllSets() ? "" : " AND a.set.owner.id = :owner";
        var query = em.createQuery("SELECT DISTINCT a.speaker FROM Annotation a WHERE a.set.document.projectId = :project"
                        + " AND a.speaker IS NOT NULL" + ownerFilter + " ORDER BY a.speaker", String.class)
                .setParameter("project", access.project().getId());
        if (!access.mayReadAllSets()) {
            query.setParameter("owner", caller.getId());
        }
        return query.setMaxResults(1000).getResultList();
    }

    private void apply(Annotation annotation, DocumentService.Visible visible, AnnotationInput input,
                       AnnotationContent previous, User caller) {
        if (input.start() == null) {
            throw new InvalidInputException("start", "start is required");
        }
        if (input.end() == null) {
            throw new InvalidInputException("end", "end is required");
        }
        CodebookValidator.validateAnnotation(codebooks.of(visible.document().getProjectId()).definition(),
                input.category(), input.subtypes(), input.attributes(), previous);
        CodePointText text = new CodePointText(visible.document().getText());
        String quote = text.quote(input.start(), input.end());
        annotation.setContent(input.start(), input.end(), quote, input.category(),
                input.subtypes().stream().distinct().toList(), input.attributes(),
                em.getReference(User.class, caller.getId()));
    }

    private Annotation ownAnnotation(User caller, long annotationId) {
        Annotation annotation = em.find(Annotation.class, annotationId);
        if (annotation == null) {
            throw new NotFoundException("there is no annotation " + annotationId);
        }
        AnnotationSet set = annotation.getSet();
        if (set.isOwnedBy(caller)) {
            return annotation;
        }
        Access access;
        try {
            access = documents.get(caller, set.getDocument().getId()).access();
        } catch (NotFoundException notVisible) {
            throw new NotFoundException("there is no annotation " + annotationId);
        }
        if (access.mayReadAllSets() && set.isCurated()) {
            throw new ForbiddenException("annotation " + annotationId + " is in the curated layer; change it through "
                    + "curation (/api/v1/curation/annotations/" + annotationId + ")");
        }
        if (access.mayReadAllSets()) {
            throw new ForbiddenException("annotation " + annotationId + " belongs to another annotator's set; "
                    + "annotators change only their own annotations");
        }
        throw new NotFoundException("there is no annotation " + annotationId);
    }

    /** Marks the set changed; an abandoned set the annotator works on again holds its place again. */
    private void touch(AnnotationSet set) {
        boolean wasActive = set.isActive();
        set.touch();
        ActiveSets.changed(em, set, wasActive);
    }

    private static void requireAnnotator(Access access) {
        if (!access.has(ProjectRole.ANNOTATOR)) {
            throw new ForbiddenException("annotating needs the role ANNOTATOR in project " + access.project().getId());
        }
    }

    private static void checkOpen(AnnotationSet set) {
        if (set.getState() == SetState.FINISHED) {
            throw new ConflictException("you marked this document finished; reopen it to change its annotations");
        }
    }

    private AnnotationSet ownSet(Document document, User caller) {
        return findSet(document.getId(), caller.getId()).orElseGet(() -> {
            AnnotationSet created = new AnnotationSet(document, em.getReference(User.class, caller.getId()));
            em.persist(created);
            ActiveSets.created(em, created);
            return created;
        });
    }

    private Optional<AnnotationSet> findSet(long documentId, long ownerId) {
        return em.createQuery("SELECT s FROM AnnotationSet s WHERE s.document.id = :document AND s.owner.id = :owner",
                        AnnotationSet.class)
                .setParameter("document", documentId).setParameter("owner", ownerId)
                .getResultStream().findFirst();
    }
}
