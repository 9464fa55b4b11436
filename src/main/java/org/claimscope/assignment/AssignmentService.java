package org.claimscope.assignment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.claimscope.annotation.ActiveSets;
import org.claimscope.annotation.AnnotationSet;
import org.claimscope.annotation.SetState;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentSummary;
import org.claimscope.project.Access;
import org.claimscope.project.DocumentOrder;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/**
 * Who annotates what. A document needs the project's number of annotators; an annotator holds a
 * document once they have a set on it (assigned by a manager, or taken with "next document").
 * Abandoned sets keep their annotations but no longer hold the document, so it goes back to the
 * pool. The curated set never counts as an annotator.
 */
@ApplicationScoped
@Transactional
public class AssignmentService {
    /** A bulk assignment touches at most this many (document, annotator) pairs in one request. */
    public static final int MAX_PAIRS = 100_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    UserService users;

    public AssignmentService() {
    }

    /** For tests outside the container. */
    public AssignmentService(EntityManager em, ProjectService projects, UserService users) {
        this.em = em;
        this.projects = projects;
        this.users = users;
    }

    /**
     * The caller's next document: first one a manager assigned to them that they have not opened,
     * then one from the pool that still needs annotators and that they have never had, in the
     * project's order. Taking a document from the pool gives the caller a set on it at once, so
     * two annotators asking together do not both get the last free place.
     */
    public Optional<DocumentSummary> next(User caller, long projectId) {
        Access access = projects.access(caller, projectId);
        if (!access.has(ProjectRole.ANNOTATOR)) {
            throw new ForbiddenException("next document is for annotators; you do not have the role ANNOTATOR in "
                    + "project " + projectId);
        }
        Project project = access.project();
        List<Long> assigned = em.createQuery("SELECT s.document.id FROM AnnotationSet s WHERE s.owner.id = :user "
                        + "AND s.document.projectId = :project AND s.state = :state ORDER BY s.document.id", Long.class)
                .setParameter("user", caller.getId()).setParameter("project", projectId)
                .setParameter("state", SetState.NEW).setMaxResults(1).getResultList();
        if (!assigned.isEmpty()) {
            return Optional.of(summary(assigned.get(0)));
        }
        // the project row is locked while a place is taken: requests for the same project queue here
        em.lock(project, LockModeType.PESSIMISTIC_WRITE);
        boolean shuffled = project.getDocumentOrder() == DocumentOrder.SHUFFLED;
        // document.active_sets counts the annotators holding each document (see ActiveSets), so the
        // search skips full documents by an indexed column instead of counting their sets
        var query = em.createNativeQuery("SELECT d.id FROM document d WHERE d.project_id = ? AND d.active_sets < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM annotation_set m WHERE m.document_id = d.id AND m.owner_id = ?) "
                        + "ORDER BY " + (shuffled ? "MOD(d.id * ?, 2147483647), d.id" : "d.id"))
                .setParameter(1, projectId).setParameter(2, project.getAnnotatorsPerDocument())
                .setParameter(3, caller.getId());
        if (shuffled) {
            // multiplying by a number of the annotator's own, modulo a prime, permutes the ids: the
            // same order for them every time, another order for everyone else
            query.setParameter(4, 1_000_003L + Math.floorMod(caller.getId() * 2_654_435_761L, 1_000_000_007L));
        }
        List<Long> free = ((List<?>) query.setMaxResults(1).getResultList()).stream()
                .map(id -> ((Number) id).longValue()).toList();
        if (free.isEmpty()) {
            return Optional.empty();
        }
        AnnotationSet taken = new AnnotationSet(em.getReference(Document.class, free.get(0)),
                em.getReference(User.class, caller.getId()));
        em.persist(taken);
        ActiveSets.created(em, taken);
        return Optional.of(summary(free.get(0)));
    }

    /** What happened to each pair of a bulk (un)assignment. */
    public record AssignmentResult(int changed, int unchanged, List<Skipped> skipped) {
    }

    /** A pair left as it was, and why. */
    public record Skipped(long documentId, String login, String reason) {
    }

    /**
     * Assigns every listed document to every listed annotator, or takes them away. Taking a
     * document away deletes an untouched set; a set with annotations is marked abandoned instead
     * (its annotations stay) and a finished set is left alone: reopen it first.
     */
    public AssignmentResult assign(User caller, long projectId, List<Long> documentIds, List<String> logins,
                                   boolean assign) {
        projects.require(caller, projectId, ProjectRole.MANAGER);
        if (documentIds == null || documentIds.isEmpty()) {
            throw new InvalidInputException("documentIds", "name at least one document");
        }
        if (logins == null || logins.isEmpty()) {
            throw new InvalidInputException("logins", "name at least one annotator");
        }
        if ((long) documentIds.size() * logins.size() > MAX_PAIRS) {
            throw new InvalidInputException("documentIds", "at most " + MAX_PAIRS
                    + " document and annotator pairs per request");
        }
        Set<Long> wanted = new HashSet<>(documentIds);
        List<Long> found = new ArrayList<>();
        for (List<Long> chunk : chunks(new ArrayList<>(wanted))) {
            found.addAll(em.createQuery("SELECT d.id FROM Document d WHERE d.projectId = :project AND d.id IN :ids",
                            Long.class).setParameter("project", projectId).setParameter("ids", chunk).getResultList());
        }
        if (found.size() != wanted.size()) {
            wanted.removeAll(found);
            throw new InvalidInputException("documentIds", "project " + projectId + " has no document "
                    + wanted.stream().sorted().limit(10).map(String::valueOf).toList());
        }
        Map<String, User> annotators = new LinkedHashMap<>();
        for (String login : new java.util.LinkedHashSet<>(logins)) {
            User user = users.findByLogin(login).orElseThrow(() -> new InvalidInputException("logins",
                    "there is no user " + login));
            boolean annotator = projects.membership(projectId, user.getId()).map(m -> m.has(ProjectRole.ANNOTATOR))
                    .orElse(false);
            if (!annotator) {
                throw new InvalidInputException("logins", login + " is not an annotator in project " + projectId);
            }
            annotators.put(login, user);
        }
        Map<String, AnnotationSet> existing = new HashMap<>();
        Map<Long, Long> annotationCounts = new HashMap<>();
        for (List<Long> chunk : chunks(found)) {
            em.createQuery("SELECT s FROM AnnotationSet s JOIN FETCH s.owner WHERE s.document.id IN :ids "
                            + "AND s.owner IS NOT NULL", AnnotationSet.class)
                    .setParameter("ids", chunk).getResultStream()
                    .forEach(s -> existing.put(s.getDocument().getId() + ":" + s.getOwner().getLogin(), s));
            em.createQuery("SELECT a.set.id, COUNT(a) FROM Annotation a WHERE a.set.document.id IN :ids "
                            + "GROUP BY a.set.id", Object[].class)
                    .setParameter("ids", chunk).getResultStream()
                    .forEach(row -> annotationCounts.put((Long) row[0], (Long) row[1]));
        }
        int changed = 0;
        int unchanged = 0;
        List<Skipped> skipped = new ArrayList<>();
        for (Long documentId : found) {
            for (Map.Entry<String, User> annotator : annotators.entrySet()) {
                AnnotationSet set = existing.get(documentId + ":" + annotator.getKey());
                if (assign) {
                    if (set == null) {
                        AnnotationSet created = new AnnotationSet(em.getReference(Document.class, documentId),
                                em.getReference(User.class, annotator.getValue().getId()));
                        em.persist(created);
                        ActiveSets.created(em, created);
                        changed++;
                    } else if (set.getState() == SetState.ABANDONED) {
                        set.touch();
                        ActiveSets.changed(em, set, false);
                        changed++;
                    } else {
                        unchanged++;
                    }
                } else if (set == null || set.getState() == SetState.ABANDONED) {
                    unchanged++;
                } else if (set.getState() == SetState.FINISHED) {
                    skipped.add(new Skipped(documentId, annotator.getKey(),
                            "finished; reopen the set before taking the document away"));
                } else if (annotationCounts.getOrDefault(set.getId(), 0L) == 0) {
                    ActiveSets.removed(em, set);
                    em.remove(set);
                    changed++;
                } else {
                    set.abandon();
                    ActiveSets.changed(em, set, true);
                    changed++;
                }
            }
        }
        return new AssignmentResult(changed, unchanged, skipped);
    }

    /**
     * Returns to the pool every set that nobody has touched for longer than the project allows:
     * not finished, and neither the set nor any of its annotations changed since then. The
     * annotations stay; the annotator resumes the set by opening it again.
     *
     * @return how many sets were released
     */
    public int releaseAbandoned(User caller, long projectId) {
        Project project = projects.require(caller, projectId, ProjectRole.MANAGER).project();
        if (project.getAbandonAfterHours() == null) {
            throw new InvalidInputException("abandonAfterHours",
                    "the project has no time after which a set counts as abandoned; set abandonAfterHours first");
        }
        Instant cutoff = Instant.now().minus(Duration.ofHours(project.getAbandonAfterHours()));
        List<AnnotationSet> idle = em.createQuery("SELECT s FROM AnnotationSet s WHERE s.document.projectId = :project "
                        + "AND s.owner IS NOT NULL AND s.state IN :states AND s.updatedAt < :cutoff AND NOT EXISTS "
                        + "(SELECT 1 FROM Annotation a WHERE a.set = s AND a.updatedAt >= :cutoff)", AnnotationSet.class)
                .setParameter("project", projectId).setParameter("states", List.of(SetState.NEW, SetState.IN_PROGRESS))
                .setParameter("cutoff", cutoff).getResultList();
        for (AnnotationSet set : idle) {
            set.abandon();
            ActiveSets.changed(em, set, true);
        }
        return idle.size();
    }

    /** One of the caller's documents on their "my work" page. */
    public record WorkItem(DocumentSummary document, SetState state, long annotations, Instant updatedAt) {
    }

    /** The caller's documents in the project with their state, most recently changed first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WorkItem> myWork(User caller, long projectId) {
        projects.access(caller, projectId);
        Map<Long, Long> counts = new HashMap<>();
        em.createQuery("SELECT a.set.id, COUNT(a) FROM Annotation a WHERE a.set.owner.id = :user "
                        + "AND a.set.document.projectId = :project GROUP BY a.set.id", Object[].class)
                .setParameter("user", caller.getId()).setParameter("project", projectId).getResultStream()
                .forEach(row -> counts.put((Long) row[0], (Long) row[1]));
        return em.createQuery("SELECT s.id, s.state, s.updatedAt, " + DocumentSummary.JPQL_FIELDS
                        + " FROM AnnotationSet s JOIN s.document d WHERE s.owner.id = :user "
                        + "AND d.projectId = :project ORDER BY s.updatedAt DESC, s.id DESC", Object[].class)
                .setParameter("user", caller.getId()).setParameter("project", projectId).getResultStream()
                .map(row -> new WorkItem(DocumentSummary.of(row, 3), (SetState) row[1],
                        counts.getOrDefault((Long) row[0], 0L), (Instant) row[2]))
                .toList();
    }

    /** How many documents of the project still wait for annotators (places not yet taken). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long openPlaces(long projectId, int needed) {
        Long taken = em.createQuery("SELECT COUNT(s) FROM AnnotationSet s WHERE s.document.projectId = :project "
                        + "AND s.owner IS NOT NULL AND s.state <> :abandoned", Long.class)
                .setParameter("project", projectId).setParameter("abandoned", SetState.ABANDONED).getSingleResult();
        Long documents = em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
        return Math.max(0, documents * needed - taken);
    }

    /** Reopens an annotator's finished set (managers), or the caller's own. */
    public SetState reopen(User caller, long documentId, String login) {
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
        if (!access.isManager()) {
            throw new ForbiddenException("only managers reopen another annotator's set");
        }
        User owner = users.findByLogin(login).orElseThrow(() -> new NotFoundException("there is no annotator " + login));
        AnnotationSet set = em.createQuery("SELECT s FROM AnnotationSet s WHERE s.document.id = :document "
                        + "AND s.owner.id = :owner", AnnotationSet.class)
                .setParameter("document", documentId).setParameter("owner", owner.getId())
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException(login + " has no set on document " + documentId));
        boolean wasActive = set.isActive();
        set.reopen();
        ActiveSets.changed(em, set, wasActive);
        return set.getState();
    }

    private DocumentSummary summary(long documentId) {
        return DocumentSummary.of(em.createQuery("SELECT " + DocumentSummary.JPQL_FIELDS + " FROM Document d "
                + "WHERE d.id = :id", Object[].class).setParameter("id", documentId).getSingleResult(), 0);
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 1000)));
        }
        return chunks;
    }

    /** Annotator members of a project, for pickers. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProjectMember> annotators(User caller, long projectId) {
        return projects.members(caller, projectId).stream().filter(m -> m.has(ProjectRole.ANNOTATOR)).toList();
    }
}
