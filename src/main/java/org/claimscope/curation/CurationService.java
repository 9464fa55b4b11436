package org.claimscope.curation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.claimscope.agreement.Span;
import org.claimscope.agreement.Unit;
import org.claimscope.agreement.UnitFormation;
import org.claimscope.agreement.UnitStatus;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.AnnotationSet;
import org.claimscope.annotation.AnnotationSnapshot;
import org.claimscope.annotation.CodePointText;
import org.claimscope.annotation.SetState;
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
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * Adjudication: a curator compares the finished annotator sets of a document, unit by unit, and
 * builds the document's curated layer. Curation copies, never moves: accepting a version writes a
 * new annotation into the curated set and leaves the annotator's set as it was. Only curators and
 * managers (and administrators) curate; an annotator who is not also a curator gets 403, a person
 * outside the project 404.
 */
@ApplicationScoped
@Transactional
public class CurationService {
    public static final String AUDIT_TYPE = "curated-annotation";

    @PersistenceContext
    EntityManager em;

    @Inject
    DocumentService documents;

    @Inject
    ProjectService projects;

    @Inject
    CodebookService codebooks;

    @Inject
    AuditService audit;

    public CurationService() {
    }

    /** For tests outside the container. */
    public CurationService(EntityManager em, DocumentService documents, ProjectService projects,
                           CodebookService codebooks, AuditService audit) {
        this.em = em;
        this.documents = documents;
        this.projects = projects;
        this.codebooks = codebooks;
        this.audit = audit;
    }

    /** One annotator's set on the document as the curator sees it: a label (login or pseudonym) and its state. */
    public record Layer(String annotator, SetState state, int annotations) {
    }

    /** A unit with the curator's decision and whether the curated layer already covers it. */
    public record UnitView(Unit unit, Map<String, Annotation> versions, Resolution resolution, boolean rejected,
                           String note) {
    }

    /** Where a unit stands in adjudication. */
    public enum Resolution {
        /** nothing decided yet */
        OPEN,
        /** the curated layer has an annotation on this span */
        CURATED,
        /** the curator decided nothing of it goes into the curated layer */
        REJECTED
    }

    /**
     * Everything the adjudication page and {@code GET /curation} show: the curation's state, every
     * annotator's layer, the units formed from the finished sets, and the curated layer.
     */
    public record CurationView(Document document, Access access, SetState state, Long curationVersion,
                               List<Layer> layers, List<UnitView> units, List<Annotation> curated,
                               boolean anonymous) {
    }

    /** Reads the curation of a document without starting it. */
    public CurationView view(User caller, long documentId) {
        DocumentService.Visible visible = requireCurator(caller, documentId);
        return buildView(visible, findCuration(documentId));
    }

    /**
     * Starts curating the document if nobody has yet (merging the unanimous units when the project
     * says so) and returns the view. Opening a document twice starts it once.
     */
    public CurationView open(User caller, long documentId) {
        DocumentService.Visible visible = requireCurator(caller, documentId);
        Curation curation = start(caller, visible);
        return buildView(visible, Optional.of(curation));
    }

    private CurationView buildView(DocumentService.Visible visible, Optional<Curation> curation) {
        Document document = visible.document();
        boolean anonymous = visible.access().project().isAnonymousCuration() && !visible.access().isManager();
        Map<Long, String> pseudonyms = anonymous ? projects.pseudonyms(document.getProjectId()) : Map.of();
        List<AnnotationSet> sets = em.createQuery("SELECT s FROM AnnotationSet s LEFT JOIN FETCH s.owner "
                        + "WHERE s.document.id = :document ORDER BY s.id", AnnotationSet.class)
                .setParameter("document", document.getId()).getResultList();
        List<Annotation> all = em.createQuery("SELECT a FROM Annotation a WHERE a.set.document.id = :document "
                        + "ORDER BY a.start, a.end, a.id", Annotation.class)
                .setParameter("document", document.getId()).getResultList();
        Map<Long, String> labelOfSet = new HashMap<>();
        List<String> finished = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (Annotation a : all) {
            counts.merge(a.getSet().getId(), 1, Integer::sum);
        }
        for (AnnotationSet set : sets) {
            if (set.isCurated()) {
                continue;
            }
            String label = anonymous ? pseudonyms.getOrDefault(set.getOwner().getId(), "?") : set.getOwner().getLogin();
            labelOfSet.put(set.getId(), label);
            layers.add(new Layer(label, set.getState(), counts.getOrDefault(set.getId(), 0)));
            if (set.getState() == SetState.FINISHED) {
                finished.add(label);
            }
        }
        List<Span> spans = new ArrayList<>();
        Map<Long, Annotation> byId = new HashMap<>();
        List<Annotation> curated = new ArrayList<>();
        for (Annotation a : all) {
            if (a.getSet().isCurated()) {
                curated.add(a);
                continue;
            }
            String label = labelOfSet.get(a.getSet().getId());
            if (a.getSet().getState() == SetState.FINISHED) {
                spans.add(span(a, label));
                byId.put(a.getId(), a);
            }
        }
        Map<String, CurationUnit> decisions = new HashMap<>();
        em.createQuery("SELECT u FROM CurationUnit u WHERE u.documentId = :document", CurationUnit.class)
                .setParameter("document", document.getId()).getResultStream()
                .forEach(u -> decisions.put(u.getStart() + ":" + u.getEnd(), u));
        List<UnitView> units = new ArrayList<>();
        for (Unit unit : UnitFormation.form(finished, spans)) {
            Map<String, Annotation> versions = new LinkedHashMap<>();
            for (String annotator : finished) {
                Span s = unit.versions().get(annotator);
                versions.put(annotator, s == null ? null : byId.get(s.id()));
            }
            CurationUnit decision = decisions.get(unit.start() + ":" + unit.end());
            Resolution resolution = covered(curated, unit) ? Resolution.CURATED
                    : decision != null && decision.isRejected() ? Resolution.REJECTED : Resolution.OPEN;
            units.add(new UnitView(unit, versions, resolution, decision != null && decision.isRejected(),
                    decision == null ? null : decision.getNote()));
        }
        SetState state = curation.map(Curation::getState).orElse(SetState.NEW);
        return new CurationView(document, visible.access(), state, curation.map(Curation::getVersion).orElse(null),
                layers, units, curated, anonymous);
    }

    private static boolean covered(List<Annotation> curated, Unit unit) {
        for (Annotation c : curated) {
            if (c.getStart() < unit.end() && unit.start() < c.getEnd()) {
                return true;
            }
        }
        return false;
    }

    static Span span(Annotation a, String annotator) {
        return new Span(a.getId(), annotator, a.getStart(), a.getEnd(), a.getCategory(), a.getSubtypes(),
                a.getAttributes());
    }

    /**
     * Adds an annotation to the curated layer: the curator's own, or (with {@code sourceAnnotationId})
     * a copy of one annotator's version, whose content fills whatever the input leaves out.
     */
    public Annotation add(User caller, long documentId, AnnotationInput input, Long sourceAnnotationId) {
        DocumentService.Visible visible = requireCurator(caller, documentId);
        Curation curation = start(caller, visible);
        checkOpen(curation);
        AnnotationContent previous = null;
        if (sourceAnnotationId != null) {
            Annotation source = em.find(Annotation.class, sourceAnnotationId);
            if (source == null || source.getSet().isCurated()
                    || !source.getSet().getDocument().getId().equals(documentId)) {
                throw new InvalidInputException("sourceAnnotationId", "there is no annotator's annotation "
                        + sourceAnnotationId + " on document " + documentId);
            }
            previous = new AnnotationContent(source.getCategory(), source.getSubtypes(), source.getAttributes());
            input = new AnnotationInput(input.start() == null ? source.getStart() : input.start(),
                    input.end() == null ? source.getEnd() : input.end(),
                    input.category() == null ? source.getCategory() : input.category(),
                    input.subtypes().isEmpty() && input.category() == null ? source.getSubtypes() : input.subtypes(),
                    input.attributes().isEmpty() && input.category() == null ? source.getAttributes() : input.attributes(),
                    null);
        }
        User author = em.getReference(User.class, caller.getId());
        Annotation annotation = new Annotation(curation.getSet(), author);
        apply(annotation, visible, input, previous, caller);
        annotation.setSourceAnnotationId(sourceAnnotationId);
        em.persist(annotation);
        curation.changeState(curation.getState(), author);
        em.flush();
        audit.record(caller.getId(), Action.CREATE, AUDIT_TYPE, annotation.getId(), visible.document().getProjectId(),
                documentId, null, AnnotationSnapshot.of(annotation));
        return annotation;
    }

    /** Changes a curated annotation; {@code input.version()} must be the version the curator last saw. */
    public Annotation update(User caller, long annotationId, AnnotationInput input) {
        Annotation annotation = curatedAnnotation(caller, annotationId);
        if (input.version() == null) {
            throw new InvalidInputException("version", "version is required: send the version you last read");
        }
        if (input.version() != annotation.getVersion()) {
            throw new StaleVersionException("this curated annotation was changed by another curator since you loaded "
                    + "it; reload to see the current version, then make your change again");
        }
        Document document = annotation.getSet().getDocument();
        DocumentService.Visible visible = requireCurator(caller, document.getId());
        checkOpen(findCuration(document.getId()).orElseThrow());
        AnnotationSnapshot before = AnnotationSnapshot.of(annotation);
        apply(annotation, visible, input, new AnnotationContent(before.category(), before.subtypes(), before.attributes()),
                caller);
        em.flush();
        audit.record(caller.getId(), Action.UPDATE, AUDIT_TYPE, annotationId, document.getProjectId(),
                document.getId(), before, AnnotationSnapshot.of(annotation));
        return annotation;
    }

    public void delete(User caller, long annotationId) {
        Annotation annotation = curatedAnnotation(caller, annotationId);
        Document document = annotation.getSet().getDocument();
        checkOpen(findCuration(document.getId()).orElseThrow());
        AnnotationSnapshot before = AnnotationSnapshot.of(annotation);
        em.remove(annotation);
        audit.record(caller.getId(), Action.DELETE, AUDIT_TYPE, annotationId, document.getProjectId(),
                document.getId(), before, null);
    }

    /** A curated annotation, for curators of its project. */
    public Annotation get(User caller, long annotationId) {
        return curatedAnnotation(caller, annotationId);
    }

    /**
     * Copies into the curated layer every unit on which all the finished annotators agree (same
     * span, category, subtypes and attributes), unless the curated layer already covers it or the
     * curator rejected it. Needs at least two finished annotators: one person's work is not agreement.
     *
     * @return how many annotations were copied
     */
    public int mergeUnanimous(User caller, long documentId) {
        DocumentService.Visible visible = requireCurator(caller, documentId);
        Curation curation = start(caller, visible);
        checkOpen(curation);
        return merge(caller, visible, curation);
    }

    private int merge(User caller, DocumentService.Visible visible, Curation curation) {
        CurationView view = buildView(visible, Optional.of(curation));
        long finished = view.layers().stream().filter(l -> l.state() == SetState.FINISHED).count();
        if (finished < 2) {
            return 0;
        }
        int merged = 0;
        User author = em.getReference(User.class, caller.getId());
        for (UnitView unit : view.units()) {
            if (unit.unit().status() != UnitStatus.AGREE || unit.resolution() != Resolution.OPEN) {
                continue;
            }
            Annotation source = unit.versions().values().iterator().next();
            Annotation copy = new Annotation(curation.getSet(), author);
            copy.setContent(source.getStart(), source.getEnd(), source.getQuote(), source.getCategory(),
                    source.getSubtypes(), source.getAttributes(), author);
            copy.setSourceAnnotationId(source.getId());
            em.persist(copy);
            em.flush();
            audit.record(caller.getId(), Action.CREATE, AUDIT_TYPE, copy.getId(), visible.document().getProjectId(),
                    visible.document().getId(), null, AnnotationSnapshot.of(copy));
            merged++;
        }
        curation.changeState(curation.getState(), author);
        return merged;
    }

    /** Records a curator's decision on a unit: rejected or not, and a note (blank removes it). */
    public CurationUnit decide(User caller, long documentId, int start, int end, boolean rejected, String note) {
        DocumentService.Visible visible = requireCurator(caller, documentId);
        new CodePointText(visible.document().getText()).checkSpan(start, end);
        if (note != null && note.length() > CurationUnit.NOTE_MAX) {
            throw new InvalidInputException("note", "a note has at most " + CurationUnit.NOTE_MAX + " characters");
        }
        Curation curation = start(caller, visible);
        checkOpen(curation);
        CurationUnit unit = em.createQuery("SELECT u FROM CurationUnit u WHERE u.documentId = :document "
                        + "AND u.start = :start AND u.end = :end", CurationUnit.class)
                .setParameter("document", documentId).setParameter("start", start).setParameter("end", end)
                .getResultStream().findFirst().orElseGet(() -> {
                    CurationUnit created = new CurationUnit(documentId, start, end);
                    em.persist(created);
                    return created;
                });
        unit.decide(rejected, note, em.getReference(User.class, caller.getId()));
        return unit;
    }

    /** Finishes the curation of a document, or reopens it. */
    public SetState setState(User caller, long documentId, SetState state) {
        if (state != SetState.IN_PROGRESS && state != SetState.FINISHED) {
            throw new InvalidInputException("state", "state must be IN_PROGRESS or FINISHED");
        }
        DocumentService.Visible visible = requireCurator(caller, documentId);
        Curation curation = start(caller, visible);
        curation.changeState(state, em.getReference(User.class, caller.getId()));
        return state;
    }

    private Curation start(User caller, DocumentService.Visible visible) {
        Optional<Curation> existing = findCuration(visible.document().getId());
        if (existing.isPresent()) {
            return existing.get();
        }
        AnnotationSet set = AnnotationSet.curated(visible.document());
        em.persist(set);
        Curation curation = new Curation(visible.document(), set, em.getReference(User.class, caller.getId()));
        em.persist(curation);
        em.flush();
        if (visible.access().project().isAutoMergeUnanimous()) {
            merge(caller, visible, curation);
        }
        return curation;
    }

    private Optional<Curation> findCuration(long documentId) {
        return em.createQuery("SELECT c FROM Curation c WHERE c.document.id = :document", Curation.class)
                .setParameter("document", documentId).getResultStream().findFirst();
    }

    private DocumentService.Visible requireCurator(User caller, long documentId) {
        DocumentService.Visible visible = documents.get(caller, documentId);
        if (!visible.access().has(ProjectRole.CURATOR) && !visible.access().isManager()) {
            throw new ForbiddenException("curation needs the role CURATOR or MANAGER in project "
                    + visible.document().getProjectId());
        }
        return visible;
    }

    private Annotation curatedAnnotation(User caller, long annotationId) {
        Annotation annotation = em.find(Annotation.class, annotationId);
        if (annotation == null || !annotation.getSet().isCurated()) {
            throw new NotFoundException("there is no curated annotation " + annotationId);
        }
        try {
            requireCurator(caller, annotation.getSet().getDocument().getId());
        } catch (NotFoundException notVisible) {
            throw new NotFoundException("there is no curated annotation " + annotationId);
        }
        return annotation;
    }

    private static void checkOpen(Curation curation) {
        if (curation.getState() == SetState.FINISHED) {
            throw new ConflictException("the curation of this document is finished; reopen it to change the curated layer");
        }
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
        String quote = new CodePointText(visible.document().getText()).quote(input.start(), input.end());
        annotation.setContent(input.start(), input.end(), quote, input.category(),
                input.subtypes().stream().distinct().toList(), input.attributes(),
                em.getReference(User.class, caller.getId()));
    }
}
