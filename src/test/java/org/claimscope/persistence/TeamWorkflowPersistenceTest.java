package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.claimscope.agreement.AgreementResult;
import org.claimscope.agreement.AgreementService;
import org.claimscope.agreement.UnitStatus;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.SetState;
import org.claimscope.assignment.AssignmentService;
import org.claimscope.assignment.AssignmentService.AssignmentResult;
import org.claimscope.assignment.DashboardService;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.curation.CurationService;
import org.claimscope.curation.CurationService.CurationView;
import org.claimscope.curation.CurationService.Resolution;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.document.DocumentSummary;
import org.claimscope.export.JsonlExporter;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.claimscope.security.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The team workflow against H2 and PostgreSQL: handing out documents ("next document", bulk
 * assignment, abandoned sets), adjudication (units, accepting copies, merging unanimous units,
 * finishing) and agreement read from the database.
 */
class TeamWorkflowPersistenceTest {
    static final String TEXT = "The minister said the strikes were lawful self-defence. Experts called them war crimes. "
            + "A spokesman said 🇺🇸 forces acted within the law.";

    private EntityManagerFactory emf;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    private World world(TestDatabase database) {
        emf = database.migrated().entityManagerFactory();
        return new World(emf, TEXT);
    }

    private static AssignmentService assignments(EntityManager em) {
        return new AssignmentService(em, new ProjectService(em), new UserService(em));
    }

    private static CurationService curation(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new CurationService(em, new DocumentService(em, projects), projects, new CodebookService(em, projects),
                new AuditService(em));
    }

    private static long addDocument(World w, String title) {
        return w.tx(em -> {
            String text = title + " — " + TEXT;
            Document d = new Document(em.find(Project.class, w.projectId), text,
                    sha256(text), title + ".txt", "text/plain", text.length(),
                    em.find(User.class, w.manager.getId()));
            d.describe(title, null, null, null, null, "en");
            em.persist(d);
            return d;
        }).getId();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** document.active_sets agrees with the sets that hold each document. */
    private static void assertPlacesCounted(World w) {
        Number wrong = w.tx(em -> (Number) em.createNativeQuery("SELECT COUNT(*) FROM document d WHERE d.active_sets <> "
                + "(SELECT COUNT(*) FROM annotation_set s WHERE s.document_id = d.id AND s.owner_id IS NOT NULL "
                + "AND s.state <> 'ABANDONED')").getSingleResult());
        assertThat(wrong.longValue()).as("documents whose count of annotators is off").isZero();
    }

    private static Optional<Long> next(World w, User who) {
        return w.tx(em -> assignments(em).next(who, w.projectId)).map(DocumentSummary::id);
    }

    private static Annotation annotate(World w, User who, long documentId, int start, int end, String category) {
        return w.tx(em -> w.annotations(em).create(who, documentId,
                new AnnotationInput(start, end, category, List.of(), Map.of(), null)));
    }

    private static void finish(World w, User who, long documentId) {
        w.run(em -> w.annotations(em).setState(who, documentId, SetState.FINISHED));
    }

    private static User annotatorNamed(World w, String login) {
        User user = w.tx(em -> {
            User u = new User(login, login, "not-a-real-hash", false);
            em.persist(u);
            return u;
        });
        w.run(em -> new ProjectService(em).setRoles(w.manager, w.projectId, user, EnumSet.of(ProjectRole.ANNOTATOR)));
        return user;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void nextDocumentGivesEachDocumentTheAnnotatorsItNeedsAndNoMore(TestDatabase database) {
        World w = world(database);
        long second = addDocument(w, "Second");
        User third = annotatorNamed(w, "tina");

        assertThat(next(w, w.annotator)).contains(w.documentId);
        assertThat(next(w, w.annotator)).as("an untouched document stays the next one").contains(w.documentId);
        annotate(w, w.annotator, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        assertThat(next(w, w.annotator)).contains(second);

        assertThat(next(w, w.other)).contains(w.documentId);
        annotate(w, w.other, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        assertThat(next(w, third)).as("the first document has its two annotators").contains(second);
        annotate(w, third, second, 0, 5, "EXPERT_OPINION");
        assertThat(next(w, w.other)).as("otto has had the first, the second still needs one").isEmpty();
        assertPlacesCounted(w);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void shuffledOrderIsStableForOneAnnotatorAndDiffersBetweenAnnotators(TestDatabase database) {
        World w = world(database);
        for (int i = 0; i < 30; i++) {
            addDocument(w, "Article " + i);
        }
        w.run(em -> new ProjectService(em).updateSettings(w.manager, w.projectId, null, "SHUFFLED", null, null, null, false));
        List<Long> annaOrder = new ArrayList<>();
        List<Long> ottoOrder = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long a = next(w, w.annotator).orElseThrow();
            assertThat(next(w, w.annotator)).contains(a);
            annotate(w, w.annotator, a, 0, 3, "LEGAL_ASSERTION");
            annaOrder.add(a);
            long o = next(w, w.other).orElseThrow();
            annotate(w, w.other, o, 0, 3, "LEGAL_ASSERTION");
            ottoOrder.add(o);
        }
        assertThat(annaOrder).doesNotHaveDuplicates().isNotEqualTo(ottoOrder);
        assertThat(annaOrder).as("not simply import order").isNotEqualTo(annaOrder.stream().sorted().toList());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void bulkAssignmentKeepsEveryAnnotation(TestDatabase database) {
        World w = world(database);
        long second = addDocument(w, "Second");
        AssignmentResult assigned = w.tx(em -> assignments(em).assign(w.manager, w.projectId,
                List.of(w.documentId, second), List.of("anna", "otto"), true));
        assertThat(assigned.changed()).isEqualTo(4);
        assertThat(next(w, w.annotator)).as("assigned work comes first").contains(w.documentId);

        annotate(w, w.annotator, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        finish(w, w.other, second);
        AssignmentResult taken = w.tx(em -> assignments(em).assign(w.manager, w.projectId,
                List.of(w.documentId, second), List.of("anna", "otto"), false));
        assertThat(taken.changed()).isEqualTo(3);
        assertThat(taken.skipped()).singleElement().satisfies(s -> {
            assertThat(s.documentId()).isEqualTo(second);
            assertThat(s.login()).isEqualTo("otto");
        });
        assertThat(w.list(w.curator, "anna")).as("anna's annotation survives being taken away").hasSize(1);
        SetState annaState = w.tx(em -> w.annotations(em).stateOf(w.curator, w.documentId, "anna"));
        assertThat(annaState).isEqualTo(SetState.ABANDONED);

        assertPlacesCounted(w);
        w.run(em -> w.annotations(em).setState(w.annotator, w.documentId, SetState.IN_PROGRESS));
        assertPlacesCounted(w);
        assertThatThrownBy(() -> w.tx(em -> assignments(em).assign(w.manager, w.projectId, List.of(999_999L),
                List.of("anna"), true)))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("documentIds");
        assertThatThrownBy(() -> w.tx(em -> assignments(em).assign(w.manager, w.projectId, List.of(second),
                List.of("carl"), true)))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("logins");
        assertThatThrownBy(() -> w.tx(em -> assignments(em).assign(w.annotator, w.projectId, List.of(second),
                List.of("anna"), true))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> w.tx(em -> assignments(em).assign(w.outsider, w.projectId, List.of(second),
                List.of("anna"), true))).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void abandonedSetsReturnToThePoolWithTheirAnnotations(TestDatabase database) {
        World w = world(database);
        w.run(em -> new ProjectService(em).updateSettings(w.manager, w.projectId, 1, null, null, null, 2, false));
        assertThat(next(w, w.annotator)).contains(w.documentId);
        annotate(w, w.annotator, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        assertThat(next(w, w.other)).as("one annotator per document, taken").isEmpty();
        int fresh = w.tx(em -> assignments(em).releaseAbandoned(w.manager, w.projectId));
        assertThat(fresh).as("still fresh").isZero();

        Instant old = Instant.now().minusSeconds(3 * 3600);
        w.run(em -> {
            em.createQuery("UPDATE AnnotationSet s SET s.updatedAt = :old").setParameter("old", old).executeUpdate();
            em.createQuery("UPDATE Annotation a SET a.updatedAt = :old").setParameter("old", old).executeUpdate();
        });
        int released = w.tx(em -> assignments(em).releaseAbandoned(w.manager, w.projectId));
        assertThat(released).isEqualTo(1);
        assertThat(next(w, w.other)).contains(w.documentId);
        assertThat(w.list(w.annotator, null)).hasSize(1);
        annotate(w, w.annotator, w.documentId, 13, 20, "LEGAL_ASSERTION");
        assertThat(w.state(w.annotator)).as("touching resumes the set").isEqualTo(SetState.IN_PROGRESS);
        assertPlacesCounted(w);
    }

    /** anna and otto agree on one statement, disagree on a second, and only anna marks a third. */
    private static void twoAnnotatorsDiffer(World w) {
        annotate(w, w.annotator, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        annotate(w, w.other, w.documentId, 0, 12, "OFFICIAL_JUSTIFICATION");
        annotate(w, w.annotator, w.documentId, 56, 86, "EXPERT_OPINION");
        annotate(w, w.other, w.documentId, 56, 86, "LEGAL_ASSERTION");
        annotate(w, w.annotator, w.documentId, 88, 99, "OFFICIAL_JUSTIFICATION");
        finish(w, w.annotator, w.documentId);
        finish(w, w.other, w.documentId);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void curationCopiesAndNeverMovesAndFinishingFreezesTheCuratedLayer(TestDatabase database) {
        World w = world(database);
        twoAnnotatorsDiffer(w);
        List<Annotation> ottoBefore = w.list(w.curator, "otto");

        CurationView view = w.tx(em -> curation(em).view(w.curator, w.documentId));
        assertThat(view.state()).isEqualTo(SetState.NEW);
        assertThat(view.units()).extracting(u -> u.unit().status())
                .containsExactly(UnitStatus.AGREE, UnitStatus.DISAGREE, UnitStatus.PARTIAL);
        Annotation ottoVersion = view.units().get(1).versions().get("otto");
        assertThat(ottoVersion.getCategory()).isEqualTo("LEGAL_ASSERTION");

        Annotation accepted = w.tx(em -> curation(em).add(w.curator, w.documentId,
                new AnnotationInput(null, null, null, null, null, null), ottoVersion.getId()));
        assertThat(accepted.getCategory()).isEqualTo("LEGAL_ASSERTION");
        assertThat(accepted.getSourceAnnotationId()).isEqualTo(ottoVersion.getId());
        int merged = w.tx(em -> curation(em).mergeUnanimous(w.curator, w.documentId));
        assertThat(merged).isEqualTo(1);
        int mergedAgain = w.tx(em -> curation(em).mergeUnanimous(w.curator, w.documentId));
        assertThat(mergedAgain).as("merging twice copies nothing twice").isZero();
        w.run(em -> curation(em).decide(w.curator, w.documentId, 88, 99, true, "not a legal claim"));

        CurationView after = w.tx(em -> curation(em).view(w.curator, w.documentId));
        assertThat(after.curated()).extracting(Annotation::getCategory)
                .containsExactlyInAnyOrder("OFFICIAL_JUSTIFICATION", "LEGAL_ASSERTION");
        assertThat(after.units()).extracting(CurationService.UnitView::resolution)
                .containsExactly(Resolution.CURATED, Resolution.CURATED, Resolution.REJECTED);
        assertThat(after.units().get(2).note()).isEqualTo("not a legal claim");
        List<Annotation> ottoAfter = w.list(w.curator, "otto");
        assertThat(ottoAfter).extracting(Annotation::getId).isEqualTo(ottoBefore.stream().map(Annotation::getId).toList());
        assertThat(ottoAfter).extracting(Annotation::getVersion)
                .isEqualTo(ottoBefore.stream().map(Annotation::getVersion).toList());
        assertThat(w.list(w.annotator, null)).as("curated annotations are in no annotator's set").hasSize(3);

        w.run(em -> curation(em).setState(w.curator, w.documentId, SetState.FINISHED));
        assertThatThrownBy(() -> w.tx(em -> curation(em).add(w.curator, w.documentId,
                new AnnotationInput(13, 20, "LEGAL_ASSERTION", List.of(), Map.of(), null), null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> w.run(em -> curation(em).delete(w.curator, accepted.getId())))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> w.run(em -> w.annotations(em).delete(w.curator, accepted.getId())))
                .as("the annotators' API does not reach the curated layer").isInstanceOf(ForbiddenException.class);

        assertThatThrownBy(() -> w.tx(em -> curation(em).view(w.annotator, w.documentId)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> w.tx(em -> curation(em).view(w.outsider, w.documentId)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> w.tx(em -> curation(em).get(w.outsider, accepted.getId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).get(w.annotator, accepted.getId())))
                .as("annotators do not read the curated layer").isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void onlyFinishedSetsAreCuratedAndAutoMergeRunsWhenCurationStarts(TestDatabase database) {
        World w = world(database);
        w.run(em -> new ProjectService(em).updateSettings(w.manager, w.projectId, null, null, true, true, null, false));
        twoAnnotatorsDiffer(w);
        User third = annotatorNamed(w, "tina");
        annotate(w, third, w.documentId, 20, 30, "EXPERT_OPINION");

        CurationView view = w.tx(em -> curation(em).open(w.curator, w.documentId));
        assertThat(view.anonymous()).isTrue();
        assertThat(view.layers()).extracting(CurationService.Layer::annotator).containsExactly("A2", "A3", "A5");
        assertThat(view.units()).as("tina has not finished: her annotation forms no unit").hasSize(3);
        assertThat(view.curated()).as("the unanimous unit merged when curation started")
                .singleElement().extracting(Annotation::getStart).isEqualTo(0);
        assertThat(w.list(w.curator, "A2")).as("curators read sets by pseudonym").hasSize(3);
        assertThatThrownBy(() -> w.list(w.curator, "anna")).as("and not by login").isInstanceOf(NotFoundException.class);
        assertThat(w.tx(em -> new DocumentService(em, new ProjectService(em)).setsByDocument(w.curator, w.projectId))
                .get(w.documentId)).extracting(DocumentService.SetSummary::login).doesNotContain("anna", "otto", "tina");
        assertThat(w.list(w.manager, "anna")).as("managers still know who is who").hasSize(3);
        CurationView managerView = w.tx(em -> curation(em).view(w.manager, w.documentId));
        assertThat(managerView.layers()).extracting(CurationService.Layer::annotator).contains("anna", "otto");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void agreementReadsFinishedSetsAndHidesNamesFromCuratorsWhenAnonymous(TestDatabase database) {
        World w = world(database);
        twoAnnotatorsDiffer(w);
        AgreementResult alpha = w.tx(em -> new AgreementService(em, new ProjectService(em))
                .agreement(w.curator, w.projectId, "krippendorff-alpha-nominal", null));
        assertThat(alpha.annotators()).containsExactly("anna", "otto");
        assertThat(alpha.units()).isEqualTo(3);
        assertThat(alpha.value()).isNotNull().isLessThan(1.0);

        w.run(em -> new ProjectService(em).updateSettings(w.manager, w.projectId, null, null, null, true, null, false));
        AgreementResult anonymous = w.tx(em -> new AgreementService(em, new ProjectService(em))
                .agreement(w.curator, w.projectId, "cohen-kappa", null));
        assertThat(anonymous.annotators()).containsExactly("A2", "A3");
        assertThat(anonymous.pairs()).singleElement().satisfies(p -> assertThat(p.a() + p.b()).isEqualTo("A2A3"));

        assertThatThrownBy(() -> w.tx(em -> new AgreementService(em, new ProjectService(em))
                .agreement(w.annotator, w.projectId, "cohen-kappa", null))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> w.tx(em -> new AgreementService(em, new ProjectService(em))
                .agreement(w.curator, w.projectId, "percent", null)))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("measure");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void dashboardCountsAndExportOfTheCuratedLayer(TestDatabase database) throws Exception {
        World w = world(database);
        twoAnnotatorsDiffer(w);
        w.tx(em -> curation(em).mergeUnanimous(w.curator, w.documentId));
        w.run(em -> curation(em).setState(w.curator, w.documentId, SetState.FINISHED));

        DashboardService.Summary summary = w.tx(em -> new DashboardService(em, new ProjectService(em))
                .summary(w.manager, w.projectId));
        assertThat(summary.fullyAnnotated()).isEqualTo(1);
        assertThat(summary.curationsFinished()).isEqualTo(1);
        assertThat(summary.annotationsPerCategory()).containsEntry("OFFICIAL_JUSTIFICATION", 3L)
                .containsEntry("EXPERT_OPINION", 1L).containsEntry("LEGAL_ASSERTION", 1L);
        assertThat(summary.curatedPerCategory()).containsExactly(Map.entry("OFFICIAL_JUSTIFICATION", 1L));
        DashboardService.Matrix matrix = w.tx(em -> new DashboardService(em, new ProjectService(em))
                .matrix(w.curator, w.projectId, 0, 10));
        assertThat(matrix.rows()).singleElement().satisfies(r -> {
            assertThat(r.states()).containsEntry("anna", SetState.FINISHED).containsEntry("otto", SetState.FINISHED);
            assertThat(r.curation()).isEqualTo(SetState.FINISHED);
        });

        JsonObject curatedOnly = export(w, JsonlExporter.Layers.CURATED);
        assertThat(curatedOnly.containsKey("annotations")).isFalse();
        assertThat(curatedOnly.getJsonObject("curated").getString("state")).isEqualTo("FINISHED");
        assertThat(curatedOnly.getJsonObject("curated").getJsonArray("annotations")).singleElement()
                .satisfies(a -> assertThat(((JsonObject) a).getString("quote")).isEqualTo(TEXT.substring(0, 12)));
        JsonObject annotatorsOnly = export(w, JsonlExporter.Layers.ANNOTATORS);
        assertThat(annotatorsOnly.containsKey("curated")).isFalse();
        assertThat(annotatorsOnly.getJsonArray("annotations")).hasSize(5);
    }

    private JsonObject export(World w, JsonlExporter.Layers layers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntityManager em = emf.createEntityManager();
        try {
            new JsonlExporter(em, new ProjectService(em), new CodebookService(em, new ProjectService(em)))
                    .write(w.projectId, layers, out);
        } finally {
            em.close();
        }
        return Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8).strip())).readObject();
    }
}
