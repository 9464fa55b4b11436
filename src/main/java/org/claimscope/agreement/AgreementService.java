package org.claimscope.agreement;

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
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;

/**
 * Inter-annotator agreement of a project, computed from the annotators' finished sets (a set still
 * in progress may change, so it does not count). Only curators and managers see it; with anonymous
 * curation, curators see pseudonyms. The data is read in two queries and the coefficients come
 * from DKPro Statistics through {@link AgreementCalculator}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AgreementService {
    /** Claimscope's rule: a statement only some annotators marked is a disagreement. */
    public static final AgreementCalculator CALCULATOR = new AgreementCalculator();

    @PersistenceContext
    EntityManager em;

    @Inject
    ProjectService projects;

    public AgreementService() {
    }

    /** For tests outside the container. */
    public AgreementService(EntityManager em, ProjectService projects) {
        this.em = em;
        this.projects = projects;
    }

    /** Agreement for the project with one measure, overall ({@code category} null) or for one category. */
    public AgreementResult agreement(User caller, long projectId, String measure, String category) {
        Access access = projects.access(caller, projectId);
        if (!access.mayReadAllSets()) {
            throw new ForbiddenException("agreement is for curators and managers of project " + projectId);
        }
        Measure chosen;
        try {
            chosen = Measure.fromKey(measure);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("measure", "unknown measure " + measure + "; use cohen-kappa, fleiss-kappa, "
                    + "krippendorff-alpha-nominal or krippendorff-alpha-unitizing");
        }
        String wanted = category == null || category.isBlank() ? null : category.strip();
        return AgreementCalculator.compute(chosen, wanted, layers(access));
    }

    /** The finished annotator sets of every document of the project, as the calculator reads them. */
    public List<DocumentLayers> layers(Access access) {
        long projectId = access.project().getId();
        boolean anonymous = access.project().isAnonymousCuration() && !access.isManager();
        Map<Long, String> labels = new HashMap<>();
        for (ProjectMember m : em.createQuery("SELECT m FROM ProjectMember m JOIN FETCH m.user "
                + "WHERE m.project.id = :project", ProjectMember.class).setParameter("project", projectId).getResultList()) {
            labels.put(m.getUser().getId(), anonymous ? m.getPseudonym() : m.getUser().getLogin());
        }
        Map<Long, Object[]> documents = new LinkedHashMap<>();
        Map<Long, List<String>> annotators = new HashMap<>();
        em.createQuery("SELECT d.id, d.title, d.textLength, s.owner.id FROM AnnotationSet s JOIN s.document d "
                        + "WHERE d.projectId = :project AND s.owner IS NOT NULL AND s.state = :finished "
                        + "ORDER BY d.id, s.owner.id", Object[].class)
                .setParameter("project", projectId).setParameter("finished", SetState.FINISHED)
                .getResultStream().forEach(row -> {
                    documents.putIfAbsent((Long) row[0], row);
                    annotators.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                            .add(labels.getOrDefault((Long) row[3], "?"));
                });
        Map<Long, List<Span>> spans = new HashMap<>();
        // the coefficients compare categories on spans; subtypes and attributes are not read
        // plain SQL with the joins spelled out: tens of thousands of rows, read as they come
        Map<String, String> categories = new HashMap<>();
        for (Object r : em.createNativeQuery("SELECT s.document_id, s.owner_id, a.id, a.start_offset, a.end_offset, "
                        + "a.category FROM document d JOIN annotation_set s ON s.document_id = d.id "
                        + "JOIN annotation a ON a.set_id = s.id WHERE d.project_id = ? AND s.owner_id IS NOT NULL "
                        + "AND s.state = 'FINISHED'")
                .setParameter(1, projectId).getResultList()) {
            Object[] row = (Object[]) r;
            String category = categories.computeIfAbsent((String) row[5], c -> c);
            spans.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>())
                    .add(new Span(((Number) row[2]).longValue(), labels.getOrDefault(((Number) row[1]).longValue(), "?"),
                            ((Number) row[3]).intValue(), ((Number) row[4]).intValue(), category, List.of(), Map.of()));
        }
        List<DocumentLayers> result = new ArrayList<>(documents.size());
        for (Map.Entry<Long, Object[]> d : documents.entrySet()) {
            Object[] row = d.getValue();
            result.add(new DocumentLayers(d.getKey(), (String) row[1], (Integer) row[2], annotators.get(d.getKey()),
                    spans.getOrDefault(d.getKey(), List.of())));
        }
        return result;
    }

}
