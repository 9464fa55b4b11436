package org.claimscope.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.claimscope.annotation.AnnotationInput;
import org.claimscope.annotation.SetState;
import org.claimscope.audit.AuditService;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookService;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.TooLargeException;
import org.claimscope.curation.CurationService;
import org.claimscope.document.Document;
import org.claimscope.document.DocumentService;
import org.claimscope.export.JsonlExporter;
import org.claimscope.importing.bundle.BundleImporter;
import org.claimscope.importing.bundle.BundleReader;
import org.claimscope.project.Project;
import org.claimscope.project.ProjectMember;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Claimscope export bundle imported into a new project, against H2 and PostgreSQL: the texts, metadata, codebook,
 * annotators' layers and curated layer come back exactly, so that the imported project exports the same lines; a bad
 * bundle, or a failure half-way, leaves no project and no account behind; a server that stops half-way hides the
 * partial project and removes it when it starts again.
 */
class BundleImportPersistenceTest {
    static final String TEXT_1 = ClaimscopePersistenceTest.TEXT;
    static final String TEXT_2 = TeamWorkflowPersistenceTest.TEXT;

    private EntityManagerFactory emf;

    @TempDir
    Path temp;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    /** A project with two annotators' layers on two documents and a finished curation on the first. */
    private final class Source {
        final User manager;
        final User anna;
        final User otto;
        final User curator;
        final User admin;
        final User outsider;
        final long projectId;
        final long doc1;
        final long doc2;
        final CodebookDefinition codebook;

        Source() {
            manager = tx(em -> persist(em, new User("maria", "Maria", "not-a-real-hash", false)));
            anna = tx(em -> persist(em, new User("anna", "Anna", "not-a-real-hash", false)));
            otto = tx(em -> persist(em, new User("otto", "Otto", "not-a-real-hash", false)));
            curator = tx(em -> persist(em, new User("carl", "Carl", "not-a-real-hash", false)));
            admin = tx(em -> persist(em, new User("root", "Root", "not-a-real-hash", true)));
            outsider = tx(em -> persist(em, new User("olga", "Olga", "not-a-real-hash", false)));
            projectId = tx(em -> new ProjectService(em).create(manager, "Strikes", "CIA strike coverage")).getId();
            for (User u : List.of(anna, otto)) {
                tx(em -> new ProjectService(em).setRoles(manager, projectId, u, EnumSet.of(ProjectRole.ANNOTATOR)));
            }
            tx(em -> new ProjectService(em).setRoles(manager, projectId, curator, EnumSet.of(ProjectRole.CURATOR)));
            codebook = tx(em -> {
                CodebookService codebooks = new CodebookService(em, new ProjectService(em));
                var current = codebooks.of(projectId);
                CodebookDefinition d = current.definition();
                CodebookDefinition renamed = new CodebookDefinition("Strike claims, second edition", d.categories(),
                        d.subtypes(), d.attributes());
                return codebooks.update(manager, projectId, current.getVersion(), renamed).definition();
            });
            doc1 = document(TEXT_1, "strike.html", "text/html", "CIA strike", "A. Reporter", "2025-12-24",
                    "The Hill", "https://example.org/a", "en");
            doc2 = document(TEXT_2, "minister.txt", "text/plain", "Minister", null, null, null, null, null);
            int cafe = TEXT_1.codePointCount(0, TEXT_1.indexOf("cafe"));
            int arabic = TEXT_1.codePointCount(0, TEXT_1.indexOf("الضربات"));
            tx(em -> annotations(em).create(anna, doc1, new AnnotationInput(cafe, cafe + 12, "EXPERT_OPINION",
                    List.of("EXTRAJUDICIAL_KILLING_CLAIM"), Map.of("speaker", "Experts", "stance", "ASSERTS_UNLAWFUL"),
                    null)));
            tx(em -> annotations(em).create(anna, doc1, new AnnotationInput(0, 9, "LEGAL_ASSERTION", List.of(),
                    Map.of(), null)));
            long ottos = tx(em -> annotations(em).create(otto, doc1, new AnnotationInput(arabic, arabic + 7,
                    "EXPERT_OPINION", List.of("WAR_CRIMES_CLAIM"), Map.of("speaker", "الخبراء"), null))).getId();
            tx(em -> annotations(em).setState(anna, doc1, SetState.FINISHED));
            tx(em -> annotations(em).setState(otto, doc1, SetState.FINISHED));
            tx(em -> annotations(em).create(anna, doc2, new AnnotationInput(4, 12, "OFFICIAL_JUSTIFICATION",
                    List.of(), Map.of(), null)));
            tx(em -> curation(em).add(curator, doc1, new AnnotationInput(null, null, null, null, null, null), ottos));
            tx(em -> curation(em).setState(curator, doc1, SetState.FINISHED));
        }

        private long document(String text, String fileName, String mediaType, String title, String author,
                              String published, String site, String url, String language) {
            return tx(em -> {
                Document d = new Document(em.find(Project.class, projectId), text, sha256(text), fileName, mediaType,
                        text.length(), em.find(User.class, manager.getId()));
                d.describe(title, author, published, site, url, language);
                em.persist(d);
                return d;
            }).getId();
        }
    }

    private Source source(TestDatabase database) {
        emf = database.migrated().entityManagerFactory();
        return new Source();
    }

    private <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static <T> T persist(EntityManager em, T entity) {
        em.persist(entity);
        return entity;
    }

    private static org.claimscope.annotation.AnnotationService annotations(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new org.claimscope.annotation.AnnotationService(em, new DocumentService(em, projects),
                new CodebookService(em, projects), new AuditService(em), new org.claimscope.security.UserService(em));
    }

    private static CurationService curation(EntityManager em) {
        ProjectService projects = new ProjectService(em);
        return new CurationService(em, new DocumentService(em, projects), projects, new CodebookService(em, projects),
                new AuditService(em));
    }

    private BundleImporter importer() {
        return importer(this::tx);
    }

    private BundleImporter importer(BundleImporter.Transactions transactions) {
        return new BundleImporter(transactions, (em, login, name) -> {
            User user = new User(login, name, "not-a-real-hash", false);
            user.disable();
            em.persist(user);
            return user;
        }, BundleReader.Limits.defaults(64L << 20, 1000), "this-server");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project's JSON Lines export, as {@link JsonlExporter} writes it for a bundle. */
    private List<String> export(long projectId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntityManager em = emf.createEntityManager();
        try {
            new JsonlExporter(em, new ProjectService(em), new CodebookService(em, new ProjectService(em)))
                    .write(projectId, JsonlExporter.Layers.ALL, out);
        } finally {
            em.close();
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private Path bundle(String name, Map<String, String> files) throws IOException {
        Path zip = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    private Map<String, String> files(Source s, List<String> lines) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("claimscope-strikes/README.md", "# Strikes — Claimscope export\n\n| | |\n| --- | --- |\n"
                + "| annotators named by | stable pseudonyms (A1, A2, …): logins were not included |\n");
        files.put("claimscope-strikes/codebook.json", org.claimscope.common.Json.write(s.codebook));
        files.put("claimscope-strikes/jsonl/corpus.jsonl", String.join("\n", lines) + "\n");
        return files;
    }

    /** A line without what an import may change: ids and the codebook's version number. */
    static JsonObject comparable(String line) {
        JsonObject o = Json.createReader(new StringReader(line)).readObject();
        JsonObjectBuilder b = Json.createObjectBuilder(o).remove("id").remove("codebookVersion");
        b.add("annotations", withoutIds(o.getJsonArray("annotations")));
        JsonObject curated = o.getJsonObject("curated");
        b.add("curated", Json.createObjectBuilder(curated).add("annotations",
                withoutIds(curated.getJsonArray("annotations"))));
        return b.build();
    }

    private static JsonArray withoutIds(JsonArray annotations) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JsonValue a : annotations) {
            list.add(Json.createObjectBuilder(a.asJsonObject()).remove("id"));
        }
        return list.build();
    }

    private long count(String jpql) {
        return tx(em -> em.createQuery(jpql, Long.class).getSingleResult());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBundleImportsIntoANewProjectAndExportsAgainAsItCame(TestDatabase database) throws Exception {
        Source s = source(database);
        List<String> lines = export(s.projectId);
        assertThat(lines).hasSize(2);

        BundleImporter.Result result = importer().importBundle(s.admin, bundle("strikes.zip", files(s, lines)),
                "strikes.zip", null);
        long imported = result.project().getId();
        assertThat(imported).isNotEqualTo(s.projectId);
        assertThat(result.project().getName()).isEqualTo("Strikes");
        assertThat(result.documents()).isEqualTo(2);
        assertThat(result.annotations()).isEqualTo(5);
        assertThat(result.owners()).containsOnlyKeys("A2", "A3");
        assertThat(result.placeholders()).containsExactly("A2@" + imported, "A3@" + imported);

        // the same lines, but for ids: texts, hashes, metadata, layers by pseudonym, states, quotes, times, curation
        List<String> again = export(imported);
        assertThat(again).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(comparable(again.get(i))).isEqualTo(comparable(lines.get(i)));
        }
        CodebookDefinition importedCodebook = tx(em -> new CodebookService(em, new ProjectService(em)).of(imported)
                .definition());
        assertThat(importedCodebook).isEqualTo(s.codebook);

        List<ProjectMember> members = tx(em -> new ProjectService(em).members(s.admin, imported));
        assertThat(members).extracting(m -> m.getUser().getLogin() + " " + m.getPseudonym() + " " + m.getRoles())
                .containsExactlyInAnyOrder("root A1 [MANAGER]", "A2@" + imported + " A2 [ANNOTATOR]",
                        "A3@" + imported + " A3 [ANNOTATOR]");
        assertThat(members).filteredOn(m -> m.getUser().getLogin().contains("@")).allMatch(m -> !m.getUser()
                .isEnabled());
        // each document counts the annotators holding it, as if they had taken it here
        List<Object[]> active = tx(em -> em.createNativeQuery("SELECT text_sha256, active_sets FROM document WHERE "
                + "project_id = ?1").setParameter(1, imported).getResultList());
        assertThat(active).extracting(r -> r[0] + "=" + ((Number) r[1]).intValue())
                .containsExactlyInAnyOrder(sha256(TEXT_1) + "=2", sha256(TEXT_2) + "=1");
        long bands = tx(em -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM document_band WHERE project_id = ?1")
                .setParameter(1, imported).getSingleResult()).longValue());
        assertThat(bands).isPositive();
        // each document holds exactly its own text's band keys, so later imports find it as a near duplicate
        List<Object[]> perDocument = tx(em -> em.createNativeQuery("SELECT d.text_sha256, COUNT(b.band_key) FROM"
                + " document d LEFT JOIN document_band b ON b.document_id = d.id WHERE d.project_id = ?1 GROUP BY"
                + " d.text_sha256").setParameter(1, imported).getResultList());
        assertThat(perDocument).extracting(r -> r[0] + "=" + ((Number) r[1]).longValue())
                .containsExactlyInAnyOrder(List.of(TEXT_1, TEXT_2).stream().map(t -> sha256(t) + "="
                        + org.claimscope.importing.similarity.NearDuplicates.fingerprint(t)
                        .map(f -> java.util.Arrays.stream(f.bandKeys()).distinct().count()).orElse(0L))
                        .toArray(String[]::new));
        assertThat(count("SELECT COUNT(e) FROM AuditEvent e WHERE e.entityType = '" + BundleImporter.AUDIT_TYPE
                + "'")).isEqualTo(1);

        // a later project member does not collide with the imported pseudonyms
        ProjectMember joined = tx(em -> new ProjectService(em).setRoles(s.admin, imported, s.otto,
                EnumSet.of(ProjectRole.CURATOR)));
        assertThat(joined.getPseudonym()).isEqualTo("A4");

        // named by logins, the layers go to the accounts that exist here, and the name may be chosen
        String withLogins = files(s, lines).get("claimscope-strikes/README.md").replace("stable pseudonyms",
                "their logins");
        Map<String, String> loginFiles = files(s, List.of(lines.get(0).replace("\"A2\"", "\"anna\"")
                .replace("\"A3\"", "\"otto\"")));
        loginFiles.put("claimscope-strikes/README.md", withLogins);
        BundleImporter.Result byLogin = importer().importBundle(s.outsider, bundle("logins.zip", loginFiles),
                "logins.zip", "Strikes, once more");
        assertThat(byLogin.project().getName()).isEqualTo("Strikes, once more");
        assertThat(byLogin.placeholders()).isEmpty();
        assertThat(byLogin.owners()).containsExactly(Map.entry("anna", "anna"), Map.entry("otto", "otto"));
        List<ProjectMember> loginMembers = tx(em -> new ProjectService(em).members(s.outsider,
                byLogin.project().getId()));
        assertThat(loginMembers).extracting(m -> m.getUser().getLogin() + " " + m.getRoles())
                .containsExactlyInAnyOrder("olga [MANAGER]", "anna [ANNOTATOR]", "otto [ANNOTATOR]");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBadBundleIsRefusedNamingTheLineAndLeavesNothingBehind(TestDatabase database) throws Exception {
        Source s = source(database);
        List<String> lines = export(s.projectId);
        long projects = count("SELECT COUNT(p) FROM Project p");
        long users = count("SELECT COUNT(u) FROM User u");

        // a quote that does not match the text at its offsets
        JsonObject first = Json.createReader(new StringReader(lines.get(0))).readObject();
        String quote = first.getJsonArray("annotations").getJsonObject(0).getString("quote");
        String badQuote = lines.get(0).replace("\"quote\":\"" + quote + "\"", "\"quote\":\"" + quote + "x\"");
        assertThat(badQuote).isNotEqualTo(lines.get(0));
        assertThatThrownBy(() -> importer().importBundle(s.admin, bundle("quote.zip", files(s, List.of(lines.get(1),
                badQuote))), "quote.zip", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2")
                .hasMessageContaining("document " + s.doc1).hasMessageContaining("quote does not match");

        // a text changed after export
        String changed = lines.get(1).replace("minister", "Minister");
        assertThat(changed).isNotEqualTo(lines.get(1));
        assertThatThrownBy(() -> importer().importBundle(s.admin, bundle("hash.zip", files(s, List.of(lines.get(0),
                changed))), "hash.zip", null)).hasMessageContaining("line 2").hasMessageContaining("SHA-256");

        // a line that is not JSON
        assertThatThrownBy(() -> importer().importBundle(s.admin, bundle("json.zip", files(s, List.of(lines.get(0),
                "{\"id\": 3, \"text\": "))), "json.zip", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2").hasMessageContaining("not a JSON object");

        // a codebook that breaks the rules
        Map<String, String> badCodebook = files(s, lines);
        badCodebook.put("claimscope-strikes/codebook.json", "{\"name\":\"\",\"categories\":[]}");
        assertThatThrownBy(() -> importer().importBundle(s.admin, bundle("codebook.zip", badCodebook), "codebook.zip",
                null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("codebook.json");

        // pseudonyms name nobody here, and only an administrator may make accounts for them
        assertThatThrownBy(() -> importer().importBundle(s.manager, bundle("pseudonyms.zip", files(s, lines)),
                "pseudonyms.zip", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("A2, A3").hasMessageContaining("includeLogins")
                .hasMessageContaining("administrator");

        // not a ZIP; a ZIP without the corpus
        Path notZip = Files.writeString(temp.resolve("notes.zip"), "just some notes");
        assertThatThrownBy(() -> importer().importBundle(s.admin, notZip, "notes.zip", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a ZIP");
        assertThatThrownBy(() -> importer().importBundle(s.admin, bundle("empty.zip", Map.of("readme.txt", "hi")),
                "empty.zip", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jsonl/corpus.jsonl");

        // a zip bomb: 32 MiB of line breaks pack into a few KiB
        Path bomb = temp.resolve("bomb.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
            z.putNextEntry(new ZipEntry("claimscope-x/codebook.json"));
            z.write(org.claimscope.common.Json.write(s.codebook).getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("claimscope-x/jsonl/corpus.jsonl"));
            byte[] breaks = new byte[1 << 20];
            java.util.Arrays.fill(breaks, (byte) '\n');
            for (int i = 0; i < 32; i++) {
                z.write(breaks);
            }
            z.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThatThrownBy(() -> importer().importBundle(s.admin, bomb, "bomb.zip", null))
                .isInstanceOf(TooLargeException.class).hasMessageContaining("zip bomb");

        assertThat(count("SELECT COUNT(p) FROM Project p")).isEqualTo(projects);
        assertThat(count("SELECT COUNT(u) FROM User u")).isEqualTo(users);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailureWhileWritingRemovesTheProjectAndItsPlaceholderAccounts(TestDatabase database) throws Exception {
        Source s = source(database);
        List<String> lines = export(s.projectId);
        long projects = count("SELECT COUNT(p) FROM Project p");
        long users = count("SELECT COUNT(u) FROM User u");
        long documents = count("SELECT COUNT(d) FROM Document d");
        int[] calls = {0};
        BundleImporter failing = importer(new BundleImporter.Transactions() {
            @Override
            public <T> T run(Function<EntityManager, T> work) {
                int call = ++calls[0];
                return tx(em -> {
                    T result = work.apply(em);
                    if (call == 2) { // the first batch of documents, after the project was made
                        em.flush();
                        throw new IllegalStateException("the disk is full");
                    }
                    return result;
                });
            }
        });
        assertThatThrownBy(() -> failing.importBundle(s.admin, bundle("strikes.zip", files(s, lines)), "strikes.zip",
                null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("disk");
        assertThat(calls[0]).isGreaterThan(2);
        assertThat(count("SELECT COUNT(p) FROM Project p")).isEqualTo(projects);
        assertThat(count("SELECT COUNT(u) FROM User u")).isEqualTo(users);
        assertThat(count("SELECT COUNT(d) FROM Document d")).isEqualTo(documents);
        assertThat(count("SELECT COUNT(m) FROM ProjectMember m")).isEqualTo(
                count("SELECT COUNT(m) FROM ProjectMember m WHERE m.project.id IN (SELECT p.id FROM Project p)"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServerStoppingHalfWayLeavesAHiddenProjectThatItRemovesWhenItStartsAgain(TestDatabase database)
            throws Exception {
        Source s = source(database);
        List<String> lines = export(s.projectId);
        long projects = count("SELECT COUNT(p) FROM Project p");
        long users = count("SELECT COUNT(u) FROM User u");
        long documents = count("SELECT COUNT(d) FROM Document d");
        long annotations = count("SELECT COUNT(a) FROM Annotation a");
        int[] calls = {0};
        // the server stops once the first batch of documents has committed: nothing after it runs, not even the
        // removal that a failure would start
        BundleImporter stopping = importer(new BundleImporter.Transactions() {
            @Override
            public <T> T run(Function<EntityManager, T> work) {
                if (++calls[0] > 2) {
                    throw new IllegalStateException("the server is stopping");
                }
                return tx(work);
            }
        });
        assertThatThrownBy(() -> stopping.importBundle(s.admin, bundle("strikes.zip", files(s, lines)), "strikes.zip",
                null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        assertThat(count("SELECT COUNT(p) FROM Project p")).isEqualTo(projects + 1);
        assertThat(count("SELECT COUNT(d) FROM Document d")).isEqualTo(documents + 2);
        long partial = tx(em -> em.createQuery("SELECT MAX(p.id) FROM Project p", Long.class).getSingleResult());

        // nobody sees the partial project, not even the administrator who was importing it
        List<Project> visible = tx(em -> new ProjectService(em).visibleTo(s.admin));
        assertThat(visible).extracting(Project::getId)
                .doesNotContain(partial).contains(s.projectId);
        assertThatThrownBy(() -> tx(em -> new ProjectService(em).access(s.admin, partial)))
                .isInstanceOf(org.claimscope.common.NotFoundException.class)
                .hasMessageContaining("still being restored");

        // another server sharing the database leaves it alone: it may be writing it still
        BundleImporter other = new BundleImporter(this::tx, (em, login, name) -> {
            throw new AssertionError("no account is made when recovering");
        }, BundleReader.Limits.defaults(64L << 20, 1000), "another-server");
        assertThat(other.recover()).isEmpty();
        assertThat(count("SELECT COUNT(p) FROM Project p")).isEqualTo(projects + 1);

        // the server that was writing it removes it, its documents, annotations and placeholder accounts at start
        assertThat(importer().recover()).containsExactly(partial);
        assertThat(count("SELECT COUNT(p) FROM Project p")).isEqualTo(projects);
        assertThat(count("SELECT COUNT(u) FROM User u")).isEqualTo(users);
        assertThat(count("SELECT COUNT(d) FROM Document d")).isEqualTo(documents);
        assertThat(count("SELECT COUNT(a) FROM Annotation a")).isEqualTo(annotations);
        assertThat(importer().recover()).isEmpty();

        // and the bundle imports whole when tried again
        BundleImporter.Result again = importer().importBundle(s.admin, bundle("strikes.zip", files(s, lines)),
                "strikes.zip", null);
        assertThat(again.documents()).isEqualTo(2);
        assertThat(tx(em -> new ProjectService(em).access(s.admin, again.project().getId())).project()
                .isImportPending()).isFalse();
        assertThat(export(again.project().getId()).stream().map(BundleImportPersistenceTest::comparable))
                .containsExactlyElementsOf(lines.stream().map(BundleImportPersistenceTest::comparable).toList());
    }
}
