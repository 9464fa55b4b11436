package org.claimscope.assignment;

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
import org.claimscope.annotation.SetState;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * The manager's view of a project's progress: each annotator's progress, the project's, counts per
 * category, and the matrix of documents by annotators one page at a time. Every figure is one
 * aggregate query, so the page stays quick with tens of thousands of documents.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DashboardService {
    public static final int MAX_PAGE_SIZE = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    public DashboardService() {
    }

    /** For tests outside the container. */
    public DashboardService(EntityManager em, ProjectService projects) {
        this.em = em;
        this.projects = projects;
    }

    /** One annotator's progress: documents they hold in each state. */
    public record AnnotatorProgress(String login, String displayName, String pseudonym, long assigned, long inProgress,
                                    long finished, long abandoned) {
        public long total() {
            return assigned + inProgress + finished;
        }

        /** finished share of the documents the annotator holds, 0 to 100 */
        public int percent() {
            return total() == 0 ? 0 : (int) Math.round(100.0 * finished / total());
        }
    }

    /** The project's figures. */
    public record Summary(long documents, int annotatorsPerDocument, long fullyAnnotated, long curationsFinished,
                          long curationsInProgress, List<AnnotatorProgress> annotators,
                          Map<String, Long> annotationsPerCategory, Map<String, Long> curatedPerCategory) {
        /** share of documents with all their finished sets, 0 to 100 */
        public int percentAnnotated() {
            return documents == 0 ? 0 : (int) Math.round(100.0 * fullyAnnotated / documents);
        }

        public int percentCurated() {
            return documents == 0 ? 0 : (int) Math.round(100.0 * curationsFinished / documents);
        }
    }

    /** One row of the matrix: a document and each annotator's state on it (null: not theirs). */
    public record Row(long documentId, String title, Map<String, SetState> states, SetState curation) {
    }

    /** One page of the matrix. */
    public record Matrix(long total, int offset, int limit, List<String> annotators, List<Row> rows) {
    }

    public Summary summary(User caller, long projectId) {
        Access access = requireOverview(caller, projectId);
        long documents = em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
        int needed = access.project().getAnnotatorsPerDocument();
        // grouped once over the project's finished sets, rather than a count per document
        long fullyAnnotated = em.createQuery("SELECT s.document.id FROM AnnotationSet s WHERE s.document.projectId = "
                        + ":project AND s.owner IS NOT NULL AND s.state = :finished GROUP BY s.document.id "
                        + "HAVING COUNT(s) >= :needed", Long.class)
                .setParameter("project", projectId).setParameter("finished", SetState.FINISHED)
                .setParameter("needed", (long) needed).getResultList().size();
        Map<SetState, Long> curations = new HashMap<>();
        em.createQuery("SELECT c.state, COUNT(c) FROM Curation c WHERE c.document.projectId = :project "
                        + "GROUP BY c.state", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> curations.put((SetState) row[0], (Long) row[1]));
        Map<Long, long[]> perUser = new HashMap<>();
        em.createQuery("SELECT s.owner.id, s.state, COUNT(s) FROM AnnotationSet s WHERE s.document.projectId = :project "
                        + "AND s.owner IS NOT NULL GROUP BY s.owner.id, s.state", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> perUser.computeIfAbsent((Long) row[0], k -> new long[SetState.values().length])
                        [((SetState) row[1]).ordinal()] += (Long) row[2]);
        boolean anonymous = access.project().isAnonymousCuration() && !access.isManager();
        List<AnnotatorProgress> annotators = new ArrayList<>();
        for (ProjectMember m : members(projectId)) {
            long[] c = perUser.getOrDefault(m.getUser().getId(), new long[SetState.values().length]);
            if (!m.has(ProjectRole.ANNOTATOR) && c[SetState.FINISHED.ordinal()] + c[SetState.IN_PROGRESS.ordinal()] == 0) {
                continue;
            }
            annotators.add(new AnnotatorProgress(anonymous ? m.getPseudonym() : m.getUser().getLogin(),
                    anonymous ? m.getPseudonym() : m.getUser().getDisplayName(), m.getPseudonym(),
                    c[SetState.NEW.ordinal()], c[SetState.IN_PROGRESS.ordinal()], c[SetState.FINISHED.ordinal()],
                    c[SetState.ABANDONED.ordinal()]));
        }
        Map<String, Long> perCategory = new LinkedHashMap<>();
        Map<String, Long> curatedPerCategory = new LinkedHashMap<>();
        em.createQuery("SELECT a.set.curated, a.category, COUNT(a) FROM Annotation a WHERE a.set.document.projectId = "
                        + ":project GROUP BY a.set.curated, a.category ORDER BY a.category", Object[].class)
                .setParameter("project", projectId).getResultStream()
                .forEach(row -> ((Boolean) row[0] ? curatedPerCategory : perCategory).put((String) row[1], (Long) row[2]));
        return new Summary(documents, needed, fullyAnnotated, curations.getOrDefault(SetState.FINISHED, 0L),
                curations.getOrDefault(SetState.IN_PROGRESS, 0L), annotators, perCategory, curatedPerCategory);
    }

    /** A page of the documents × annotators matrix, documents in import order. */
    public Matrix matrix(User caller, long projectId, int offset, int limit) {
        Access access = requireOverview(caller, projectId);
        boolean anonymous = access.project().isAnonymousCuration() && !access.isManager();
        if (offset < 0) {
            throw new InvalidInputException("offset", "offset must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + MAX_PAGE_SIZE);
        }
        long total = em.createQuery("SELECT COUNT(d) FROM Document d WHERE d.projectId = :project", Long.class)
                .setParameter("project", projectId).getSingleResult();
        List<Object[]> documents = em.createQuery("SELECT d.id, d.title FROM Document d WHERE d.projectId = :project "
                        + "ORDER BY d.id", Object[].class)
                .setParameter("project", projectId).setFirstResult(offset).setMaxResults(limit).getResultList();
        List<ProjectMember> members = members(projectId);
        Map<Long, String> labels = new HashMap<>();
        members.forEach(m -> labels.put(m.getUser().getId(), anonymous ? m.getPseudonym() : m.getUser().getLogin()));
        List<String> annotators = members.stream().filter(m -> m.has(ProjectRole.ANNOTATOR))
                .map(m -> labels.get(m.getUser().getId()))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (documents.isEmpty()) {
            return new Matrix(total, offset, limit, annotators, List.of());
        }
        long first = (Long) documents.get(0)[0];
        long last = (Long) documents.get(documents.size() - 1)[0];
        Map<Long, Map<String, SetState>> states = new HashMap<>();
        em.createQuery("SELECT s.document.id, s.owner.id, s.state FROM AnnotationSet s WHERE s.document.projectId = "
                        + ":project AND s.owner IS NOT NULL AND s.document.id BETWEEN :first AND :last", Object[].class)
                .setParameter("project", projectId).setParameter("first", first).setParameter("last", last)
                .getResultStream().forEach(row -> {
                    String label = labels.getOrDefault((Long) row[1], "?");
                    states.computeIfAbsent((Long) row[0], k -> new HashMap<>()).put(label, (SetState) row[2]);
                    if (!annotators.contains(label)) {
                        annotators.add(label);
                    }
                });
        Map<Long, SetState> curations = new HashMap<>();
        em.createQuery("SELECT c.document.id, c.state FROM Curation c WHERE c.document.projectId = :project "
                        + "AND c.document.id BETWEEN :first AND :last", Object[].class)
                .setParameter("project", projectId).setParameter("first", first).setParameter("last", last)
                .getResultStream().forEach(row -> curations.put((Long) row[0], (SetState) row[1]));
        List<Row> rows = new ArrayList<>(documents.size());
        for (Object[] d : documents) {
            long id = (Long) d[0];
            rows.add(new Row(id, (String) d[1], states.getOrDefault(id, Map.of()), curations.getOrDefault(id, SetState.NEW)));
        }
        return new Matrix(total, offset, limit, annotators, rows);
    }

    private List<ProjectMember> members(long projectId) {
        return em.createQuery("SELECT m FROM ProjectMember m JOIN FETCH m.user WHERE m.project.id = :project "
                + "ORDER BY m.id", ProjectMember.class).setParameter("project", projectId).getResultList();
    }

    private Access requireOverview(User caller, long projectId) {
        Access access = projects.access(caller, projectId);
        if (!access.mayReadAllSets()) {
            throw new ForbiddenException("the dashboard is for managers and curators of project " + projectId);
        }
        return access;
    }
}
