package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.RollbackException;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.claimscope.annotation.Annotation;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.AnnotationService;
import org.claimscope.annotation.SetState;
import org.claimscope.audit.AuditEvent;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
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
 * Claimscope's entities, migrations and services against a real database, H2 and PostgreSQL
 * alike, without the application server: the schema Flyway builds must be the one EclipseLink
 * maps, and the services' rules (blind annotation, versions, audit, duplicates, export) must hold
 * on both.
 */
class ClaimscopePersistenceTest {
    /** Emoji (two UTF-16 units each), a decomposed accent and Arabic, so that offsets are tested in code points. */
    static final String TEXT = "Officials said 🇺🇸 strikes were lawful.\nExperts called it cafe\u0301 murder 👍🏽.\n"
            + "قال الخبراء إن الضربات غير قانونية.";

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

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void annotationKeepsItsSpanQuoteAndContentInCodePoints(TestDatabase database) {
        World w = world(database);
        int start = TEXT.codePointCount(0, TEXT.indexOf("🇺🇸"));
        int end = TEXT.codePointCount(0, TEXT.indexOf(" were"));
        Annotation created = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(start, end, "OFFICIAL_JUSTIFICATION", List.of("SELF_DEFENSE", "WAR_POWERS"),
                        Map.of("speaker", "Officials", "stance", "ASSERTS_LAWFUL"), null)));

        List<Annotation> read = w.list(w.annotator, null);
        assertThat(read).hasSize(1);
        Annotation a = read.get(0);
        assertThat(a.getId()).isEqualTo(created.getId());
        assertThat(a.getQuote()).isEqualTo("🇺🇸 strikes");
        assertThat(a.getEnd() - a.getStart()).isEqualTo(10);
        assertThat(a.getSubtypes()).containsExactly("SELF_DEFENSE", "WAR_POWERS");
        assertThat(a.getAttributes()).containsEntry("speaker", "Officials").containsEntry("stance", "ASSERTS_LAWFUL");
        assertThat(a.getSpeaker()).isEqualTo("Officials");
        assertThat(w.state(w.annotator)).isEqualTo(SetState.IN_PROGRESS);

        int arabic = TEXT.codePointCount(0, TEXT.indexOf("غير"));
        Annotation rtl = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(arabic, arabic + 9, "EXPERT_OPINION", List.of(), Map.of(), null)));
        assertThat(rtl.getQuote()).isEqualTo("غير قانون");
        int accent = TEXT.codePointCount(0, TEXT.indexOf("cafe"));
        Annotation decomposed = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(accent, accent + 5, "EXPERT_OPINION", List.of(), Map.of(), null)));
        assertThat(decomposed.getQuote()).isEqualTo("cafe\u0301");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void annotationsAreBlindBetweenAnnotatorsAndReadableByCurators(TestDatabase database) {
        World w = world(database);
        w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));

        assertThat(w.list(w.other, null)).isEmpty();
        assertThatThrownBy(() -> w.list(w.other, "anna"))
                .isInstanceOf(ForbiddenException.class);
        assertThat(w.list(w.curator, "anna")).hasSize(1);
        assertThatThrownBy(() -> w.list(w.outsider, null))
                .isInstanceOf(NotFoundException.class);
        long id = w.list(w.annotator, null).get(0).getId();
        assertThatThrownBy(() -> w.run(em -> w.annotations(em).delete(w.other, id)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> w.run(em -> w.annotations(em).delete(w.curator, id)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> w.run(em -> w.annotations(em).delete(w.outsider, id)))
                .isInstanceOf(NotFoundException.class);
        assertThat(w.list(w.annotator, null)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void staleVersionIsRefusedAndNothingIsOverwritten(TestDatabase database) {
        World w = world(database);
        Annotation created = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of("note", "first tab"), null)));
        long v = created.getVersion();
        Annotation changed = w.tx(em -> w.annotations(em).update(w.annotator, created.getId(),
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of("note", "second tab"), v)));
        assertThat(changed.getVersion()).isGreaterThan(v);

        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).update(w.annotator, created.getId(),
                new AnnotationInput(0, 9, "EXPERT_OPINION", List.of(), Map.of("note", "stale"), v))))
                .isInstanceOf(StaleVersionException.class);
        Annotation now = w.list(w.annotator, null).get(0);
        assertThat(now.getAttributes()).containsEntry("note", "second tab");
        assertThat(now.getCategory()).isEqualTo("LEGAL_ASSERTION");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentSavesOfTheSameRowAreCaughtByTheVersionColumn(TestDatabase database) {
        World w = world(database);
        Annotation created = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));
        EntityManager first = emf.createEntityManager();
        EntityManager second = emf.createEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            Annotation a = first.find(Annotation.class, created.getId());
            Annotation b = second.find(Annotation.class, created.getId());
            a.setContent(0, 9, "Officials", "EXPERT_OPINION", List.of(), Map.of(), a.getUpdatedBy());
            b.setContent(0, 9, "Officials", "OFFICIAL_JUSTIFICATION", List.of(), Map.of(), b.getUpdatedBy());
            first.getTransaction().commit();
            assertThatThrownBy(() -> second.getTransaction().commit()).isInstanceOf(RollbackException.class);
        } finally {
            first.close();
            second.close();
        }
        assertThat(w.tx(em -> em.find(Annotation.class, created.getId())).getCategory()).isEqualTo("EXPERT_OPINION");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void oneAnnotatorsParallelSavesDoNotCollide(TestDatabase database) {
        World w = world(database);
        w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));
        EntityManager first = emf.createEntityManager();
        EntityManager second = emf.createEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            w.annotations(first).create(w.annotator, w.documentId,
                    new AnnotationInput(10, 14, "EXPERT_OPINION", List.of(), Map.of(), null));
            w.annotations(second).create(w.annotator, w.documentId,
                    new AnnotationInput(15, 22, "EXPERT_OPINION", List.of(), Map.of(), null));
            first.getTransaction().commit();
            second.getTransaction().commit();
        } finally {
            first.close();
            second.close();
        }
        assertThat(w.list(w.annotator, null)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyChangeIsAuditedWithBeforeAndAfter(TestDatabase database) {
        World w = world(database);
        Annotation created = w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));
        w.tx(em -> w.annotations(em).update(w.annotator, created.getId(),
                new AnnotationInput(0, 9, "EXPERT_OPINION", List.of("OTHER"), Map.of(), created.getVersion())));
        w.tx(em -> {
            w.annotations(em).delete(w.annotator, created.getId());
            return null;
        });
        List<AuditEvent> history = w.tx(em -> new AuditService(em).history(AnnotationService.AUDIT_TYPE, created.getId()));
        assertThat(history).extracting(AuditEvent::getAction)
                .containsExactly(AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE);
        assertThat(history).allSatisfy(e -> assertThat(e.getActorId()).isEqualTo(w.annotator.getId()));
        assertThat(history.get(0).getBefore()).isNull();
        assertThat(json(history.get(1).getBefore()).getString("category")).isEqualTo("LEGAL_ASSERTION");
        assertThat(json(history.get(1).getAfter()).getString("category")).isEqualTo("EXPERT_OPINION");
        assertThat(json(history.get(2).getBefore()).getString("quote")).isEqualTo("Officials");
        assertThat(history.get(2).getAfter()).isNull();
        assertThat(w.list(w.annotator, null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void badAnnotationsAreRefusedNamingTheField(TestDatabase database) {
        World w = world(database);
        int length = TEXT.codePointCount(0, TEXT.length());
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, length + 1, "LEGAL_ASSERTION", List.of(), Map.of(), null))))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("end");
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(5, 5, "LEGAL_ASSERTION", List.of(), Map.of(), null))))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("start");
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 5, "OPINION", List.of(), Map.of(), null))))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("category");
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 5, "EXPERT_OPINION", List.of(), Map.of("stance", "MAYBE"), null))))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("attributes.stance");
        assertThat(w.list(w.annotator, null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void finishedSetIsReadOnlyUntilReopened(TestDatabase database) {
        World w = world(database);
        w.tx(em -> w.annotations(em).setState(w.annotator, w.documentId, SetState.FINISHED));
        assertThatThrownBy(() -> w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null))))
                .isInstanceOf(ConflictException.class);
        w.tx(em -> w.annotations(em).setState(w.annotator, w.documentId, SetState.IN_PROGRESS));
        assertThat(w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null))).getQuote()).isEqualTo("Officials");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void sameTextTwiceInOneProjectIsRefusedByTheDatabase(TestDatabase database) {
        World w = world(database);
        assertThatThrownBy(() -> w.tx(em -> {
            Document copy = new Document(em.find(Project.class, w.projectId), TEXT, w.sha, "copy.txt", "text/plain", 10,
                    em.find(User.class, w.manager.getId()));
            em.persist(copy);
            return copy;
        })).isInstanceOf(RollbackException.class);
        java.util.Optional<Long> kept = w.tx(em -> new DocumentService(em, new ProjectService(em))
                .findByHash(w.projectId, w.sha));
        assertThat(kept).contains(w.documentId);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void codebookVersionGoesUpWithEveryChangeAndStaleEditsAreRefused(TestDatabase database) {
        World w = world(database);
        var codebooks = (Function<EntityManager, CodebookService>) em -> new CodebookService(em, new ProjectService(em));
        var original = w.tx(em -> codebooks.apply(em).get(w.manager, w.projectId));
        assertThat(original.getVersion()).isEqualTo(1);
        var d = original.definition();
        var renamed = new org.claimscope.codebook.CodebookDefinition(d.name(),
                d.categories().stream().map(c -> c.key().equals("EXPERT_OPINION")
                        ? new org.claimscope.codebook.CodebookDefinition.Category(c.key(), "Expert view", "#111111",
                        c.hotkey(), c.description(), false) : c).toList(), d.subtypes(), d.attributes());
        var saved = w.tx(em -> codebooks.apply(em).update(w.manager, w.projectId, 1, renamed));
        assertThat(saved.getVersion()).isEqualTo(2);
        assertThat(w.tx(em -> codebooks.apply(em).get(w.annotator, w.projectId)).definition()
                .category("EXPERT_OPINION").orElseThrow().label()).isEqualTo("Expert view");
        assertThatThrownBy(() -> w.tx(em -> codebooks.apply(em).update(w.manager, w.projectId, 1, d)))
                .isInstanceOf(StaleVersionException.class);
        assertThatThrownBy(() -> w.tx(em -> codebooks.apply(em).update(w.annotator, w.projectId, 2, d)))
                .isInstanceOf(ForbiddenException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void jsonLinesExportCarriesEveryAnnotatorUnderPseudonymsWithOffsetsThatGiveTheQuote(TestDatabase database)
            throws Exception {
        World w = world(database);
        int start = TEXT.codePointCount(0, TEXT.indexOf("cafe"));
        w.tx(em -> w.annotations(em).create(w.annotator, w.documentId,
                new AnnotationInput(start, start + 12, "EXPERT_OPINION", List.of("EXTRAJUDICIAL_KILLING_CLAIM"),
                        Map.of("speaker", "Experts"), null)));
        w.tx(em -> w.annotations(em).create(w.other, w.documentId,
                new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(), Map.of(), null)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntityManager em = emf.createEntityManager();
        try {
            new JsonlExporter(em, new ProjectService(em), new CodebookService(em, new ProjectService(em)))
                    .write(w.projectId, out);
        } finally {
            em.close();
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonObject doc = json(lines[0]);
        String text = doc.getString("text");
        assertThat(text).isEqualTo(TEXT);
        assertThat(doc.getString("textSha256")).isEqualTo(w.sha);
        var annotations = doc.getJsonArray("annotations");
        assertThat(annotations).hasSize(2);
        for (var value : annotations) {
            JsonObject a = value.asJsonObject();
            int from = text.offsetByCodePoints(0, a.getInt("start"));
            int to = text.offsetByCodePoints(0, a.getInt("end"));
            assertThat(text.substring(from, to)).isEqualTo(a.getString("quote"));
            assertThat(a.getString("annotator")).matches("A\\d+").isNotIn("anna", "otto");
        }
        assertThat(lines[0]).doesNotContain("\"anna\"").doesNotContain("\"otto\"");
        assertThat(annotations.getJsonObject(1).getString("quote")).isEqualTo("cafe\u0301 murder");
        assertThat(annotations.getJsonObject(1).getJsonObject("attributes").getString("speaker")).isEqualTo("Experts");
    }

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    /** A project with a manager, two annotators, a curator, an outsider and one document. */
}
