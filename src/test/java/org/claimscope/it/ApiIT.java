package org.claimscope.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API contract of version 1 and its security, against the real WAR on Payara Micro:
 * what a research group's script sees. Every test builds its own project and people, so tests do
 * not depend on each other's order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiIT {
    private static final Path SEED = Path.of("test-data/seeds/000_46d2c2feecc23d2d.txt");
    private static final Path SEED_2 = Path.of("test-data/seeds/002_f4ff472ac4b69fad.txt");

    @ArquillianResource
    URL app;

    @TempDir
    Path temp;

    private Api admin;
    private String suffix;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.claimscope();
    }

    @BeforeEach
    void signInAsAdministrator() {
        admin = Api.token(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    /** A project with a manager, two annotators, a curator and an outsider who has a project of their own. */
    private final class Team {
        final String manager = "maria-" + suffix;
        final String anna = "anna-" + suffix;
        final String otto = "otto-" + suffix;
        final String curator = "carl-" + suffix;
        final String outsider = "olga-" + suffix;
        final Api managerApi;
        final Api annaApi;
        final Api ottoApi;
        final Api curatorApi;
        final Api outsiderApi;
        final long projectId;
        final long documentId;
        final String text;

        Team() {
            for (String login : List.of(manager, anna, otto, curator, outsider)) {
                admin.post("/api/v1/users", "{\"login\":\"" + login + "\",\"displayName\":\"" + login
                        + "\",\"password\":\"secret-" + login + "\"}").expect(201);
            }
            managerApi = Api.token(app, manager, "secret-" + manager);
            annaApi = Api.token(app, anna, "secret-" + anna);
            ottoApi = Api.token(app, otto, "secret-" + otto);
            curatorApi = Api.token(app, curator, "secret-" + curator);
            outsiderApi = Api.token(app, outsider, "secret-" + outsider);
            projectId = managerApi.post("/api/v1/projects", "{\"name\":\"Strikes " + suffix
                    + "\",\"description\":\"CIA strike coverage\"}").expect(201).object().getJsonNumber("id").longValue();
            outsiderApi.post("/api/v1/projects", "{\"name\":\"Elsewhere\",\"description\":\"\"}").expect(201);
            managerApi.put("/api/v1/projects/" + projectId + "/members/" + anna, "{\"roles\":[\"ANNOTATOR\"]}").expect(200);
            managerApi.put("/api/v1/projects/" + projectId + "/members/" + otto, "{\"roles\":[\"ANNOTATOR\"]}").expect(200);
            managerApi.put("/api/v1/projects/" + projectId + "/members/" + curator, "{\"roles\":[\"CURATOR\"]}").expect(200);
            var outcome = annaApi.upload("/api/v1/projects/" + projectId + "/documents", SEED).expect(200).array()
                    .getJsonObject(0);
            assertThat(outcome.getString("status")).isEqualTo("IMPORTED");
            documentId = outcome.getJsonNumber("documentId").longValue();
            text = annaApi.get("/api/v1/documents/" + documentId).expect(200).object().getString("text");
        }

        String annotation(int start, int end, String category) {
            return "{\"start\":" + start + ",\"end\":" + end + ",\"category\":\"" + category
                    + "\",\"subtypes\":[\"COVERT_ACTION\"],\"attributes\":{\"speaker\":\"CNN\",\"hedge\":\"REPORTEDLY\"}}";
        }
    }

    @Test
    void everyCallNeedsASignIn() {
        Api anonymous = Api.anonymous(app);
        var reply = anonymous.get("/api/v1/projects");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.object().getString("detail")).isNotBlank();
        assertThat(Api.withAuthorization(app, "Bearer cs_not-a-token").get("/api/v1/projects").status()).isEqualTo(401);
        assertThat(Api.basic(app, Deployments.ADMIN, "wrong password").get("/api/v1/projects").status()).isEqualTo(401);
        assertThat(Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD).get("/api/v1/me").expect(200)
                .object().getString("login")).isEqualTo(Deployments.ADMIN);
    }

    @Test
    void administratorsCreateAccountsAndNobodyElseDoes() {
        var created = admin.post("/api/v1/users", "{\"login\":\"kim-" + suffix
                + "\",\"displayName\":\"Kim K.\",\"password\":\"kim-password\"}").expect(201).object();
        assertThat(created.getString("login")).isEqualTo("kim-" + suffix);
        assertThat(created.getString("displayName")).isEqualTo("Kim K.");
        assertThat(created.containsKey("id")).isTrue();
        assertThat(created.containsKey("password")).isFalse();

        var taken = admin.post("/api/v1/users", "{\"login\":\"kim-" + suffix + "\",\"password\":\"kim-password\"}");
        assertThat(taken.status()).isEqualTo(409);
        var shortPassword = admin.post("/api/v1/users", "{\"login\":\"lee-" + suffix + "\",\"password\":\"short\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.object().getString("field")).isEqualTo("password");
        var badLogin = admin.post("/api/v1/users", "{\"login\":\"../etc\",\"password\":\"long enough\"}");
        assertThat(badLogin.status()).isEqualTo(400);
        assertThat(badLogin.object().getString("field")).isEqualTo("login");

        Api kim = Api.token(app, "kim-" + suffix, "kim-password");
        assertThat(kim.post("/api/v1/users", "{\"login\":\"eve-" + suffix + "\",\"password\":\"eve-password\"}")
                .status()).isEqualTo(403);
    }

    @Test
    void projectStartsWithTheDefaultCodebookAndItsCreatorAsManager() {
        Team t = new Team();
        var codebook = t.annaApi.get("/api/v1/projects/" + t.projectId + "/codebook").expect(200).object();
        assertThat(codebook.getJsonNumber("version").longValue()).isEqualTo(1);
        assertThat(codebook.getJsonArray("categories").stream().map(c -> c.asJsonObject().getString("key")))
                .containsExactly("LEGAL_ASSERTION", "EXPERT_OPINION", "OFFICIAL_JUSTIFICATION");
        assertThat(codebook.getJsonArray("categories").stream().map(c -> c.asJsonObject().getString("hotkey")))
                .containsExactly("1", "2", "3");
        assertThat(codebook.getJsonArray("subtypes")).hasSize(11);
        assertThat(codebook.getJsonArray("attributes").stream().map(a -> a.asJsonObject().getString("key")))
                .containsExactly("speaker", "speakerRole", "stance", "quoteType", "hedge", "note");

        var mine = t.managerApi.get("/api/v1/projects").expect(200).array();
        assertThat(mine).hasSize(1);
        assertThat(mine.getJsonObject(0).getJsonArray("roles").getString(0)).isEqualTo("MANAGER");
        assertThat(t.outsiderApi.get("/api/v1/projects").expect(200).array().stream()
                .map(p -> p.asJsonObject().getJsonNumber("id").longValue())).doesNotContain(t.projectId);
    }

    @Test
    void onlyManagersSetRolesAndBadRolesAreNamed() {
        Team t = new Team();
        assertThat(t.annaApi.put("/api/v1/projects/" + t.projectId + "/members/" + t.otto,
                "{\"roles\":[\"MANAGER\"]}").status()).isEqualTo(403);
        var bad = t.managerApi.put("/api/v1/projects/" + t.projectId + "/members/" + t.otto, "{\"roles\":[\"BOSS\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.object().getString("field")).isEqualTo("roles");
        assertThat(t.managerApi.put("/api/v1/projects/" + t.projectId + "/members/nobody-" + suffix,
                "{\"roles\":[\"ANNOTATOR\"]}").status()).isEqualTo(404);
        assertThat(t.outsiderApi.put("/api/v1/projects/" + t.projectId + "/members/" + t.outsider,
                "{\"roles\":[\"MANAGER\"]}").status()).isEqualTo(404);
        var lastManager = t.managerApi.put("/api/v1/projects/" + t.projectId + "/members/" + t.manager,
                "{\"roles\":[\"ANNOTATOR\"]}");
        assertThat(lastManager.status()).isEqualTo(400);
    }

    @Test
    void importReportsEachFileAndStoresNothingOfTheFailures() throws IOException {
        Team t = new Team();
        Path empty = Files.write(temp.resolve("empty.txt"), new byte[0]);
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path binary = Files.write(temp.resolve("photo.txt"), noise);
        Path huge = Files.writeString(temp.resolve("huge.txt"), "war powers ".repeat(200_000));
        var outcomes = t.annaApi.upload("/api/v1/projects/" + t.projectId + "/documents",
                SEED_2, SEED, empty, binary, huge).expect(200).array();
        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.getJsonObject(0).getString("status")).isEqualTo("IMPORTED");
        assertThat(outcomes.getJsonObject(1).getString("status")).isEqualTo("DUPLICATE");
        assertThat(outcomes.getJsonObject(1).getJsonNumber("documentId").longValue()).isEqualTo(t.documentId);
        for (int i = 2; i < 5; i++) {
            JsonObject failed = outcomes.getJsonObject(i);
            assertThat(failed.getString("status")).isEqualTo("FAILED");
            assertThat(failed.get("documentId")).isIn(null, JsonValue.NULL);
            assertThat(failed.getString("message")).startsWith(failed.getString("fileName") + ": ");
        }
        assertThat(outcomes.getJsonObject(2).getString("message")).contains("empty");
        assertThat(outcomes.getJsonObject(4).getString("message")).containsAnyOf("limit", "larger");

        var documents = t.managerApi.get("/api/v1/projects/" + t.projectId + "/documents").expect(200).array();
        assertThat(documents).hasSize(2);
        assertThat(documents.getJsonObject(0).containsKey("text")).isFalse();

        var document = t.annaApi.get("/api/v1/documents/" + t.documentId).expect(200).object();
        String original = Files.readString(SEED, StandardCharsets.UTF_8);
        assertThat(document.getString("text")).isEqualTo(original.strip());
        assertThat(document.getString("textSha256")).hasSize(64);
        assertThat(document.getJsonObject("metadata").getString("fileName")).isEqualTo(SEED.getFileName().toString());
        assertThat(document.getJsonNumber("projectId").longValue()).isEqualTo(t.projectId);

        assertThat(t.outsiderApi.upload("/api/v1/projects/" + t.projectId + "/documents", SEED_2).status())
                .isEqualTo(404);
        assertThat(t.curatorApi.upload("/api/v1/projects/" + t.projectId + "/documents", SEED_2).status())
                .isEqualTo(403);
    }

    @Test
    void everySupportedFormatImportsWithItsMetadataAndHostileFilesAreRefused() {
        Team t = new Team();
        Path fixtures = Path.of("test-data/import");
        var outcomes = t.annaApi.upload("/api/v1/projects/" + t.projectId + "/documents",
                fixtures.resolve("seed-000.html"), fixtures.resolve("seed-000.pdf"), fixtures.resolve("seed-000.docx"),
                fixtures.resolve("seed-000.odt"), fixtures.resolve("seed-000.rtf"), fixtures.resolve("windows-1252.txt"),
                fixtures.resolve("encrypted.pdf"), fixtures.resolve("corrupt.pdf"), fixtures.resolve("xxe.docx"),
                fixtures.resolve("xml-bomb.docx"), fixtures.resolve("binary-renamed.txt"),
                fixtures.resolve("image-only.pdf")).expect(200).array();
        assertThat(outcomes).hasSize(12);
        for (int i = 0; i < 6; i++) {
            assertThat(outcomes.getJsonObject(i).getString("status")).as(outcomes.getJsonObject(i).toString())
                    .isIn("IMPORTED", "DUPLICATE");
            long id = outcomes.getJsonObject(i).getJsonNumber("documentId").longValue();
            String text = t.annaApi.get("/api/v1/documents/" + id).expect(200).object().getString("text");
            assertThat(text).as(outcomes.getJsonObject(i).getString("fileName")).isNotBlank().doesNotContain("\r");
        }
        long html = outcomes.getJsonObject(0).getJsonNumber("documentId").longValue();
        var document = t.annaApi.get("/api/v1/documents/" + html).expect(200).object();
        assertThat(document.getString("text")).contains("The CIA struck a remote dock in Venezuela last week");
        assertThat(document.getJsonObject("metadata").getString("mediaType")).startsWith("text/html");
        assertThat(document.getJsonObject("metadata").getString("language")).isEqualTo("en");
        assertThat(outcomes.getJsonObject(6).getString("status")).isEqualTo("FAILED");
        assertThat(outcomes.getJsonObject(6).getString("message")).containsIgnoringCase("password");
        assertThat(outcomes.getJsonObject(7).getString("status")).isEqualTo("FAILED");
        assertThat(outcomes.getJsonObject(9).getString("status")).isEqualTo("FAILED");
        assertThat(outcomes.getJsonObject(10).getString("status")).isEqualTo("FAILED");
        assertThat(outcomes.getJsonObject(11).getString("status")).isEqualTo("FAILED");
        assertThat(outcomes.getJsonObject(11).getString("message")).containsIgnoringCase("OCR");
        if ("IMPORTED".equals(outcomes.getJsonObject(8).getString("status"))) {
            long xxe = outcomes.getJsonObject(8).getJsonNumber("documentId").longValue();
            assertThat(t.annaApi.get("/api/v1/documents/" + xxe).expect(200).object().getString("text"))
                    .doesNotContain("root:");
        }
        assertThat(Api.anonymous(url(app.getProtocol() + "://" + app.getHost() + ":" + app.getPort()))
                .get("/health/ready").expect(200).body()).contains("UP");
    }

    @Test
    void annotationLifecycleWithCodePointOffsetsVersionsAndFieldErrors() {
        Team t = new Team();
        int start = t.text.codePointCount(0, t.text.indexOf("“We just knocked out"));
        int end = start + "“We just knocked out".codePointCount(0, "“We just knocked out".length());
        var created = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(start, end, "OFFICIAL_JUSTIFICATION")).expect(201).object();
        assertThat(created.getString("quote")).isEqualTo("“We just knocked out");
        assertThat(created.getInt("start")).isEqualTo(start);
        assertThat(created.getString("annotator")).isEqualTo(t.anna);
        assertThat(created.getJsonArray("subtypes").getString(0)).isEqualTo("COVERT_ACTION");
        assertThat(created.getJsonObject("attributes").getString("speaker")).isEqualTo("CNN");
        long id = created.getJsonNumber("id").longValue();
        long version = created.getJsonNumber("version").longValue();

        var changed = t.annaApi.put("/api/v1/annotations/" + id, "{\"version\":" + version + ",\"start\":" + start
                + ",\"end\":" + end + ",\"category\":\"LEGAL_ASSERTION\",\"subtypes\":[],\"attributes\":{}}")
                .expect(200).object();
        assertThat(changed.getJsonNumber("version").longValue()).isGreaterThan(version);
        var stale = t.annaApi.put("/api/v1/annotations/" + id, "{\"version\":" + version + ",\"start\":" + start
                + ",\"end\":" + end + ",\"category\":\"EXPERT_OPINION\"}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(t.annaApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).array()
                .getJsonObject(0).getString("category")).isEqualTo("LEGAL_ASSERTION");

        int length = t.text.codePointCount(0, t.text.length());
        assertField(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, length + 1, "LEGAL_ASSERTION")), "end");
        assertField(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(10, 10, "LEGAL_ASSERTION")), "start");
        assertField(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 10, "RUMOUR")), "category");
        assertField(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                "{\"start\":0,\"end\":10,\"category\":\"LEGAL_ASSERTION\",\"attributes\":{\"stance\":\"MAYBE\"}}"),
                "attributes.stance");
        assertField(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                "{\"start\":0,\"end\":10,\"category\":\"LEGAL_ASSERTION\",\"subtypes\":[\"ALIENS\"]}"), "subtypes");
        assertThat(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations", "{not json").status())
                .isEqualTo(400);

        t.annaApi.delete("/api/v1/annotations/" + id).expect(204);
        assertThat(t.annaApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).array()).isEmpty();
        assertThat(t.annaApi.delete("/api/v1/annotations/" + id).status()).isEqualTo(404);
    }

    @Test
    void annotatorsNeitherSeeNorTouchEachOthersSetsNorOtherProjectsByAnyId() {
        Team t = new Team();
        long id = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 44, "OFFICIAL_JUSTIFICATION")).expect(201).object().getJsonNumber("id").longValue();
        String update = "{\"version\":1,\"start\":0,\"end\":44,\"category\":\"EXPERT_OPINION\"}";

        assertThat(t.ottoApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).array()).isEmpty();
        assertThat(t.ottoApi.get("/api/v1/documents/" + t.documentId + "/annotations?annotator=" + t.anna).status())
                .isEqualTo(403);
        assertThat(t.ottoApi.put("/api/v1/annotations/" + id, update).status()).isEqualTo(404);
        assertThat(t.ottoApi.delete("/api/v1/annotations/" + id).status()).isEqualTo(404);
        assertThat(t.ottoApi.get("/api/v1/projects/" + t.projectId + "/speakers").expect(200).array()).isEmpty();

        for (String path : List.of("/api/v1/documents/" + t.documentId, "/api/v1/documents/" + t.documentId
                        + "/annotations", "/api/v1/documents/" + t.documentId + "/annotations?annotator=" + t.anna,
                "/api/v1/projects/" + t.projectId, "/api/v1/projects/" + t.projectId + "/documents",
                "/api/v1/projects/" + t.projectId + "/codebook", "/api/v1/projects/" + t.projectId + "/export?format=jsonl")) {
            var reply = t.outsiderApi.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.body()).as(path).doesNotContain("CIA");
        }
        assertThat(t.outsiderApi.put("/api/v1/annotations/" + id, update).status()).isEqualTo(404);
        assertThat(t.outsiderApi.delete("/api/v1/annotations/" + id).status()).isEqualTo(404);
        assertThat(t.outsiderApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 5, "LEGAL_ASSERTION")).status()).isEqualTo(404);

        var asCurator = t.curatorApi.get("/api/v1/documents/" + t.documentId + "/annotations?annotator=" + t.anna)
                .expect(200).array();
        assertThat(asCurator).hasSize(1);
        assertThat(t.curatorApi.put("/api/v1/annotations/" + id, update).status()).isEqualTo(403);
        assertThat(t.curatorApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 5, "LEGAL_ASSERTION")).status()).isEqualTo(403);
        assertThat(t.annaApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).array()
                .getJsonObject(0).getString("category")).isEqualTo("OFFICIAL_JUSTIFICATION");
    }

    @Test
    void auditTrailSingleAnnotationsAndOtherAnnotatorsStateForThoseWhoMayReadThem() {
        Team t = new Team();
        var created = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 44, "OFFICIAL_JUSTIFICATION")).expect(201).object();
        long id = created.getJsonNumber("id").longValue();
        t.annaApi.put("/api/v1/annotations/" + id, "{\"version\":1,\"start\":0,\"end\":44,"
                + "\"category\":\"EXPERT_OPINION\",\"attributes\":{\"stance\":\"\",\"speaker\":\"CNN\"}}").expect(200);
        var stale = t.annaApi.put("/api/v1/annotations/" + id, "{\"version\":1,\"start\":0,\"end\":44,"
                + "\"category\":\"LEGAL_ASSERTION\"}");
        assertThat(stale.object().getString("type")).isEqualTo("urn:claimscope:problem:stale-version");
        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        var finished = t.annaApi.delete("/api/v1/annotations/" + id);
        assertThat(finished.status()).isEqualTo(409);
        assertThat(finished.object().getString("type")).isEqualTo("urn:claimscope:problem:state-conflict");

        assertThat(t.annaApi.get("/api/v1/annotations/" + id).expect(200).object().getString("category"))
                .isEqualTo("EXPERT_OPINION");
        assertThat(t.curatorApi.get("/api/v1/annotations/" + id).expect(200).object().getString("annotator"))
                .isEqualTo(t.anna);
        assertThat(t.ottoApi.get("/api/v1/annotations/" + id).status()).isEqualTo(404);
        assertThat(t.outsiderApi.get("/api/v1/annotations/" + id).status()).isEqualTo(404);

        assertThat(t.curatorApi.get("/api/v1/documents/" + t.documentId + "?annotator=" + t.anna).expect(200).object()
                .getString("state")).isEqualTo("FINISHED");
        assertThat(t.ottoApi.get("/api/v1/documents/" + t.documentId).expect(200).object().getString("state"))
                .isEqualTo("NEW");
        assertThat(t.ottoApi.get("/api/v1/documents/" + t.documentId + "?annotator=" + t.anna).status()).isEqualTo(403);

        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"IN_PROGRESS\"}").expect(200);
        t.annaApi.delete("/api/v1/annotations/" + id).expect(204);
        var history = t.managerApi.get("/api/v1/annotations/" + id + "/history").expect(200).array();
        assertThat(history.stream().map(e -> e.asJsonObject().getString("action")))
                .containsExactly("CREATE", "UPDATE", "DELETE");
        assertThat(history.stream().map(e -> e.asJsonObject().getString("by"))).containsOnly(t.anna);
        assertThat(history.getJsonObject(1).getJsonObject("before").getString("category")).isEqualTo("OFFICIAL_JUSTIFICATION");
        assertThat(history.getJsonObject(1).getJsonObject("after").getString("category")).isEqualTo("EXPERT_OPINION");
        assertThat(history.getJsonObject(2).get("after")).isEqualTo(JsonValue.NULL);
        assertThat(t.annaApi.get("/api/v1/annotations/" + id + "/history").status()).isEqualTo(403);
        assertThat(t.outsiderApi.get("/api/v1/annotations/" + id + "/history").status()).isEqualTo(404);
    }

    @Test
    void finishingASetAndReopeningIt() {
        Team t = new Team();
        assertThat(t.annaApi.get("/api/v1/documents/" + t.documentId).expect(200).object().getString("state"))
                .isEqualTo("NEW");
        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        assertThat(t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 5, "LEGAL_ASSERTION")).status()).isEqualTo(409);
        assertField(t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"DONE\"}"), "state");
        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"IN_PROGRESS\"}").expect(200);
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations", t.annotation(0, 5, "LEGAL_ASSERTION"))
                .expect(201);
    }

    @Test
    void jsonLinesExportIsForManagersAndGivesBackEveryQuoteUnderPseudonyms() {
        Team t = new Team();
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 44, "OFFICIAL_JUSTIFICATION")).expect(201);
        t.ottoApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(4, 7, "LEGAL_ASSERTION")).expect(201);
        assertThat(t.annaApi.get("/api/v1/projects/" + t.projectId + "/export?format=jsonl").status()).isEqualTo(403);
        assertField(t.managerApi.get("/api/v1/projects/" + t.projectId + "/export?format=docx"), "format");

        var export = t.managerApi.get("/api/v1/projects/" + t.projectId + "/export?format=jsonl").expect(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        String[] lines = export.body().split("\n");
        assertThat(lines).hasSize(1);
        JsonObject document = Json.createReader(new StringReader(lines[0])).readObject();
        assertThat(document.getJsonNumber("id").longValue()).isEqualTo(t.documentId);
        String text = document.getString("text");
        assertThat(text).isEqualTo(t.text);
        var annotations = document.getJsonArray("annotations");
        assertThat(annotations).hasSize(2);
        for (JsonValue value : annotations) {
            JsonObject a = value.asJsonObject();
            int from = text.offsetByCodePoints(0, a.getInt("start"));
            int to = text.offsetByCodePoints(0, a.getInt("end"));
            assertThat(text.substring(from, to)).isEqualTo(a.getString("quote"));
            assertThat(a.getString("annotator")).matches("A\\d+");
            assertThat(a.getString("createdAt")).isNotBlank();
        }
        assertThat(export.body()).doesNotContain(t.anna).doesNotContain(t.otto);
    }

    @Test
    void aResearchExportRunsInTheBackgroundAndDownloadsAsADocumentedBundle() throws Exception {
        Team t = new Team();
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 44, "OFFICIAL_JUSTIFICATION")).expect(201);
        t.ottoApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(4, 7, "LEGAL_ASSERTION")).expect(201);
        String path = "/api/v1/projects/" + t.projectId + "/exports";
        assertField(t.managerApi.post(path, "{\"formats\":[\"jsonl\",\"docx\"]}"), "formats");
        assertField(t.managerApi.post(path, "{\"format\":\"jsonl\",\"states\":[\"DONE\"]}"), "states");
        assertThat(t.annaApi.post(path, "{\"format\":\"jsonl\"}").status()).isEqualTo(403);

        var started = t.managerApi.post(path, "{\"format\":\"jsonl\",\"layers\":\"annotators\"}").expect(202);
        long jobId = started.object().getJsonNumber("jobId").longValue();
        JsonObject job;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        do {
            Thread.sleep(200);
            job = t.managerApi.get("/api/v1/exports/" + jobId).expect(200).object();
        } while (!job.getString("state").equals("FINISHED") && !job.getString("state").equals("FAILED")
                && System.nanoTime() < deadline);
        assertThat(job.getString("state")).isEqualTo("FINISHED");
        assertThat(job.getJsonNumber("progress").doubleValue()).isEqualTo(1.0);
        assertThat(job.getString("file")).isEqualTo("/api/v1/exports/" + jobId + "/file");
        assertThat(t.outsiderApi.get("/api/v1/exports/" + jobId).status()).isEqualTo(404);
        assertThat(t.annaApi.get("/api/v1/exports/" + jobId + "/file").status()).isEqualTo(404);
        assertThat(t.managerApi.get("/api/v1/projects/" + t.projectId + "/exports").expect(200).array()).hasSize(1);

        java.util.Map<String, String> files = download(t.managerApi, job.getString("file"));
        assertThat(files).containsKeys("README.md", "codebook.json", "codebook.md", "jsonl/corpus.jsonl");
        String readme = files.get("README.md");
        assertThat(readme).contains("Strikes " + suffix).contains("codebook").contains("2 annotations")
                .contains("stable pseudonyms").contains("krippendorff-alpha-nominal").contains("pandas")
                .doesNotContain(t.anna).doesNotContain(t.otto);
        JsonObject line = Json.createReader(new StringReader(files.get("jsonl/corpus.jsonl").strip())).readObject();
        String text = line.getString("text");
        assertThat(line.containsKey("curated")).isFalse();
        for (JsonValue value : line.getJsonArray("annotations")) {
            JsonObject a = value.asJsonObject();
            assertThat(text.substring(text.offsetByCodePoints(0, a.getInt("start")),
                    text.offsetByCodePoints(0, a.getInt("end")))).isEqualTo(a.getString("quote"));
            assertThat(a.getString("annotator")).matches("A\\d+");
        }
        assertThat(Json.createReader(new StringReader(files.get("codebook.json"))).readObject().getJsonArray("categories"))
                .isNotEmpty();

        // every format at once, in the background, with logins as the manager may choose
        java.util.Map<String, String> everything = bundle(t.managerApi, t.projectId, "{\"includeLogins\":true}");
        assertThat(everything).containsKeys("jsonl/corpus.jsonl", "csv/annotations.csv", "csv/documents.csv",
                "w3c/collection.json", "brat/annotation.conf", "brat/visual.conf", "uima-xmi/TypeSystem.xml",
                "schema/claimscope-jsonl.schema.json", "schema/web-annotation.schema.json");
        assertThat(everything.keySet()).anyMatch(k -> k.startsWith("conll/") && k.endsWith(".conll"))
                .anyMatch(k -> k.startsWith("uima-xmi/") && k.endsWith(".xmi"))
                .anyMatch(k -> k.startsWith("brat/") && k.endsWith(".ann"));
        assertThat(everything.get("README.md")).contains("their logins").contains("### csv").contains("### brat")
                .contains("### uima-xmi");
        assertThat(everything.get("csv/annotations.csv")).contains(t.anna).contains("OFFICIAL_JUSTIFICATION");
        assertThat(Json.createReader(new StringReader(everything.get("w3c/collection.json"))).readObject()
                .getInt("total")).isEqualTo(2);

        // a small export of one format streams at once
        var csv = t.managerApi.get("/api/v1/projects/" + t.projectId + "/export?format=csv").expect(200);
        assertThat(csv.contentType()).startsWith("application/zip");
    }

    /** Starts an export, waits for it and reads the bundle's files (paths below the bundle's folder). */
    private java.util.Map<String, String> bundle(Api api, long projectId, String body) throws Exception {
        long jobId = api.post("/api/v1/projects/" + projectId + "/exports", body).expect(202).object()
                .getJsonNumber("jobId").longValue();
        JsonObject job;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        do {
            Thread.sleep(200);
            job = api.get("/api/v1/exports/" + jobId).expect(200).object();
        } while (!job.getString("state").equals("FINISHED") && !job.getString("state").equals("FAILED")
                && System.nanoTime() < deadline);
        assertThat(job.getString("state")).as(job.toString()).isEqualTo("FINISHED");
        return download(api, job.getString("file"));
    }

    /** Downloads a finished bundle and reads its files (paths below the bundle's folder). */
    private static java.util.Map<String, String> download(Api api, String file) throws Exception {
        var zip = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + file))
                .header("Authorization", api.authorization()).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName().substring(entry.getName().indexOf('/') + 1),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    @Test
    void emptyProjectsDeletedAnnotationsAndRetiredCategoriesExportAsTheyAre() throws Exception {
        Team t = new Team();
        // a project without documents gives a bundle with headers, a datasheet and no data
        long empty = t.managerApi.post("/api/v1/projects", "{\"name\":\"Empty " + suffix + "\",\"description\":\"\"}")
                .expect(201).object().getJsonNumber("id").longValue();
        var none = bundle(t.managerApi, empty, "{}");
        assertThat(none.get("README.md")).contains("0 documents, 0 annotations");
        assertThat(none.get("csv/annotations.csv").lines().count()).isEqualTo(1);
        assertThat(none.get("jsonl/corpus.jsonl")).isEmpty();
        assertThat(Json.createReader(new StringReader(none.get("w3c/collection.json"))).readObject().getInt("total"))
                .isZero();

        // a deleted annotation is not exported; one made with a category retired since is, under that category
        long kept = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 44, "OFFICIAL_JUSTIFICATION")).expect(201).object().getJsonNumber("id").longValue();
        long gone = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(4, 7, "LEGAL_ASSERTION")).expect(201).object().getJsonNumber("id").longValue();
        t.annaApi.delete("/api/v1/annotations/" + gone).expect(204);
        JsonObject codebook = t.managerApi.get("/api/v1/projects/" + t.projectId + "/codebook").expect(200).object();
        var categories = Json.createArrayBuilder();
        for (JsonValue c : codebook.getJsonArray("categories")) {
            JsonObject category = c.asJsonObject();
            categories.add(category.getString("key").equals("OFFICIAL_JUSTIFICATION")
                    ? Json.createObjectBuilder(category).add("retired", true) : Json.createObjectBuilder(category));
        }
        t.managerApi.put("/api/v1/projects/" + t.projectId + "/codebook",
                Json.createObjectBuilder(codebook).add("categories", categories).build().toString()).expect(200);

        var files = bundle(t.managerApi, t.projectId, "{\"formats\":[\"jsonl\",\"csv\",\"brat\"]}");
        JsonObject line = Json.createReader(new StringReader(files.get("jsonl/corpus.jsonl").strip())).readObject();
        assertThat(line.getJsonArray("annotations")).hasSize(1);
        assertThat(line.getJsonArray("annotations").getJsonObject(0).getJsonNumber("id").longValue()).isEqualTo(kept);
        assertThat(line.getJsonArray("annotations").getJsonObject(0).getString("category"))
                .isEqualTo("OFFICIAL_JUSTIFICATION");
        assertThat(files.get("csv/annotations.csv").lines().count()).isEqualTo(2);
        assertThat(files.get("csv/annotations.csv")).contains("," + kept + ",").doesNotContain("," + gone + ",");
        assertThat(files.get("brat/annotation.conf")).contains("OFFICIAL_JUSTIFICATION");
        assertThat(files.get("codebook.md")).contains("OFFICIAL_JUSTIFICATION`, retired");
        assertThat(files.get("README.md")).contains("1 document, 1 annotation.").contains("retired");
    }

    @Test
    void apiDescriptionAndHealthAreServed() {
        String root = app.getProtocol() + "://" + app.getHost() + ":" + app.getPort();
        Api server = Api.anonymous(url(root));
        assertThat(server.get("/openapi").expect(200).body()).contains("/api/v1/documents/{documentId}/annotations");
        assertThat(server.get("/health/ready").expect(200).body()).contains("UP");
    }

    private static URL url(String s) {
        try {
            return java.net.URI.create(s).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** anna and otto agree on the first statement, differ on the category of the second; only anna marks a third. */
    private long[] annotateDifferentlyAndFinish(Team t) {
        long annaAgree = t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 20, "OFFICIAL_JUSTIFICATION")).expect(201).object().getJsonNumber("id").longValue();
        t.ottoApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(0, 20, "OFFICIAL_JUSTIFICATION")).expect(201);
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(30, 60, "EXPERT_OPINION")).expect(201);
        long ottoDiffer = t.ottoApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(30, 60, "LEGAL_ASSERTION")).expect(201).object().getJsonNumber("id").longValue();
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations",
                t.annotation(80, 95, "OFFICIAL_JUSTIFICATION")).expect(201);
        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        t.ottoApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        return new long[] {annaAgree, ottoDiffer};
    }

    @Test
    void curationCopiesVersionsAndNobodyButCuratorsReachesIt() {
        Team t = new Team();
        long[] ids = annotateDifferentlyAndFinish(t);
        String ottoBefore = t.ottoApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).body();

        var view = t.curatorApi.get("/api/v1/documents/" + t.documentId + "/curation").expect(200).object();
        assertThat(view.getString("state")).isEqualTo("NEW");
        var units = view.getJsonArray("units");
        assertThat(units.getValuesAs(JsonObject.class)).extracting(u -> u.getString("status"))
                .containsExactly("AGREE", "DISAGREE", "PARTIAL");
        assertThat(units.getJsonObject(1).getJsonArray("agreeOn").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).contains("span").doesNotContain("category");
        assertThat(units.getJsonObject(2).getJsonObject("versions").get(t.otto)).isEqualTo(JsonValue.NULL);

        var accepted = t.curatorApi.post("/api/v1/documents/" + t.documentId + "/curation/annotations",
                "{\"sourceAnnotationId\":" + ids[1] + "}").expect(201).object();
        assertThat(accepted.getString("category")).isEqualTo("LEGAL_ASSERTION");
        assertThat(accepted.getString("annotator")).isEqualTo("curated");
        assertThat(accepted.getString("quote")).isEqualTo(t.text.substring(t.text.offsetByCodePoints(0, 30),
                t.text.offsetByCodePoints(0, 60)));
        long curatedId = accepted.getJsonNumber("id").longValue();
        var merged = t.curatorApi.post("/api/v1/documents/" + t.documentId + "/curation/merge-unanimous", "{}")
                .expect(200).object();
        assertThat(merged.getInt("count")).isEqualTo(1);
        var edited = t.curatorApi.put("/api/v1/curation/annotations/" + curatedId, "{\"start\":30,\"end\":60,"
                + "\"category\":\"EXPERT_OPINION\",\"version\":" + accepted.getJsonNumber("version") + "}")
                .expect(200).object();
        assertThat(edited.getString("category")).isEqualTo("EXPERT_OPINION");
        var stale = t.curatorApi.put("/api/v1/curation/annotations/" + curatedId, "{\"start\":30,\"end\":60,"
                + "\"category\":\"LEGAL_ASSERTION\",\"version\":" + accepted.getJsonNumber("version") + "}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(t.ottoApi.get("/api/v1/documents/" + t.documentId + "/annotations").expect(200).body())
                .as("accepting otto's version left his set as it was").isEqualTo(ottoBefore);

        assertThat(t.annaApi.get("/api/v1/documents/" + t.documentId + "/curation").status()).isEqualTo(403);
        assertThat(t.annaApi.post("/api/v1/documents/" + t.documentId + "/curation/merge-unanimous", "{}").status())
                .isEqualTo(403);
        assertThat(t.annaApi.get("/api/v1/curation/annotations/" + curatedId).status()).isEqualTo(403);
        assertThat(t.annaApi.delete("/api/v1/curation/annotations/" + curatedId).status()).isEqualTo(403);
        assertThat(t.annaApi.get("/api/v1/annotations/" + curatedId).status()).isEqualTo(404);
        assertThat(t.outsiderApi.get("/api/v1/documents/" + t.documentId + "/curation").status()).isEqualTo(404);
        assertThat(t.outsiderApi.get("/api/v1/curation/annotations/" + curatedId).status()).isEqualTo(404);
        assertThat(t.outsiderApi.delete("/api/v1/curation/annotations/" + curatedId).status()).isEqualTo(404);

        t.curatorApi.put("/api/v1/documents/" + t.documentId + "/curation/state", "{\"state\":\"FINISHED\"}").expect(200);
        var frozen = t.curatorApi.delete("/api/v1/curation/annotations/" + curatedId);
        assertThat(frozen.status()).isEqualTo(409);
        assertThat(frozen.object().getString("detail")).contains("reopen");

        String export = t.managerApi.get("/api/v1/projects/" + t.projectId + "/export?format=jsonl&layers=curated")
                .expect(200).body();
        JsonObject line = Json.createReader(new StringReader(export.strip())).readObject();
        assertThat(line.containsKey("annotations")).isFalse();
        assertThat(line.getJsonObject("curated").getString("state")).isEqualTo("FINISHED");
        assertThat(line.getJsonObject("curated").getJsonArray("annotations").getValuesAs(JsonObject.class))
                .extracting(a -> a.getString("category")).containsExactly("OFFICIAL_JUSTIFICATION", "EXPERT_OPINION");
        assertThat(t.managerApi.get("/api/v1/projects/" + t.projectId + "/export?format=jsonl&layers=gold").status())
                .isEqualTo(400);
    }

    @Test
    void agreementIsForCuratorsAndManagersAndUndefinedValuesSayWhy() {
        Team t = new Team();
        var none = t.curatorApi.get("/api/v1/projects/" + t.projectId + "/agreement?measure=cohen-kappa").expect(200)
                .object();
        assertThat(none.get("value")).isEqualTo(JsonValue.NULL);
        assertThat(none.getString("reason")).isNotBlank();

        annotateDifferentlyAndFinish(t);
        var alpha = t.curatorApi.get("/api/v1/projects/" + t.projectId + "/agreement?measure=krippendorff-alpha-nominal")
                .expect(200).object();
        assertThat(alpha.getString("measure")).isEqualTo("krippendorff-alpha-nominal");
        assertThat(alpha.getJsonNumber("value")).isNotNull();
        assertThat(alpha.getInt("units")).isEqualTo(3);
        assertThat(alpha.getJsonArray("annotators").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(t.anna, t.otto);
        assertThat(alpha.getJsonArray("pairs")).hasSize(1);
        assertThat(alpha.getJsonArray("perDocument")).hasSize(1);
        for (String measure : List.of("cohen-kappa", "fleiss-kappa", "krippendorff-alpha-unitizing")) {
            var reply = t.managerApi.get("/api/v1/projects/" + t.projectId + "/agreement?measure=" + measure
                    + "&category=EXPERT_OPINION").expect(200).object();
            assertThat(reply.getString("category")).isEqualTo("EXPERT_OPINION");
            assertThat(reply.containsKey("value")).isTrue();
        }
        var csv = t.curatorApi.get("/api/v1/projects/" + t.projectId + "/agreement/pairs.csv?measure=cohen-kappa")
                .expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("measure,category,annotator_a");
        assertThat(csv.body().lines().count()).isEqualTo(2);

        assertThat(t.annaApi.get("/api/v1/projects/" + t.projectId + "/agreement").status()).isEqualTo(403);
        assertThat(t.annaApi.get("/api/v1/projects/" + t.projectId + "/agreement/pairs.csv").status()).isEqualTo(403);
        assertThat(t.outsiderApi.get("/api/v1/projects/" + t.projectId + "/agreement").status()).isEqualTo(404);
        assertField(t.curatorApi.get("/api/v1/projects/" + t.projectId + "/agreement?measure=percent"), "measure");

        t.managerApi.put("/api/v1/projects/" + t.projectId + "/settings", "{\"anonymousCuration\":true}").expect(200);
        var anonymous = t.curatorApi.get("/api/v1/projects/" + t.projectId + "/agreement").expect(200).object();
        assertThat(anonymous.toString()).doesNotContain(t.anna).doesNotContain(t.otto);
        var curation = t.curatorApi.get("/api/v1/documents/" + t.documentId + "/curation").expect(200).body();
        assertThat(curation).doesNotContain(t.anna).doesNotContain(t.otto);
    }

    @Test
    void settingsNextDocumentAndBulkAssignment() {
        Team t = new Team();
        long second = t.annaApi.upload("/api/v1/projects/" + t.projectId + "/documents", SEED_2).expect(200).array()
                .getJsonObject(0).getJsonNumber("documentId").longValue();
        var settings = t.managerApi.get("/api/v1/projects/" + t.projectId + "/settings").expect(200).object();
        assertThat(settings.getInt("annotatorsPerDocument")).isEqualTo(2);
        assertThat(settings.getString("order")).isEqualTo("STABLE");
        var changed = t.managerApi.put("/api/v1/projects/" + t.projectId + "/settings",
                "{\"annotatorsPerDocument\":1,\"order\":\"STABLE\",\"autoMergeUnanimous\":true}").expect(200).object();
        assertThat(changed.getInt("annotatorsPerDocument")).isEqualTo(1);
        assertThat(changed.getBoolean("autoMergeUnanimous")).isTrue();
        assertField(t.managerApi.put("/api/v1/projects/" + t.projectId + "/settings", "{\"annotatorsPerDocument\":0}"),
                "annotatorsPerDocument");
        assertField(t.managerApi.put("/api/v1/projects/" + t.projectId + "/settings", "{\"order\":\"RANDOM\"}"),
                "order");
        assertThat(t.annaApi.put("/api/v1/projects/" + t.projectId + "/settings", "{\"annotatorsPerDocument\":3}")
                .status()).isEqualTo(403);

        var first = t.annaApi.get("/api/v1/projects/" + t.projectId + "/next-document").expect(200).object();
        assertThat(first.getJsonNumber("id").longValue()).isEqualTo(t.documentId);
        assertThat(first.containsKey("text")).isFalse();
        var ottoNext = t.ottoApi.get("/api/v1/projects/" + t.projectId + "/next-document").expect(200).object();
        assertThat(ottoNext.getJsonNumber("id").longValue()).as("the first has its one annotator").isEqualTo(second);
        t.ottoApi.post("/api/v1/documents/" + second + "/annotations", t.annotation(0, 5, "LEGAL_ASSERTION")).expect(201);
        t.annaApi.post("/api/v1/documents/" + t.documentId + "/annotations", t.annotation(0, 5, "LEGAL_ASSERTION"))
                .expect(201);
        assertThat(t.annaApi.get("/api/v1/projects/" + t.projectId + "/next-document").status()).isEqualTo(204);
        assertThat(t.curatorApi.get("/api/v1/projects/" + t.projectId + "/next-document").status()).isEqualTo(403);
        assertThat(t.outsiderApi.get("/api/v1/projects/" + t.projectId + "/next-document").status()).isEqualTo(404);

        var work = t.annaApi.get("/api/v1/projects/" + t.projectId + "/my-work").expect(200).array();
        assertThat(work).hasSize(1);
        assertThat(work.getJsonObject(0).getString("state")).isEqualTo("IN_PROGRESS");

        var assigned = t.managerApi.put("/api/v1/projects/" + t.projectId + "/assignments", "{\"documentIds\":["
                + t.documentId + "," + second + "],\"logins\":[\"" + t.anna + "\",\"" + t.otto + "\"],\"assign\":true}")
                .expect(200).object();
        assertThat(assigned.getInt("changed")).isEqualTo(2);
        assertThat(assigned.getInt("unchanged")).isEqualTo(2);
        assertField(t.managerApi.put("/api/v1/projects/" + t.projectId + "/assignments", "{\"documentIds\":[" + second
                + "],\"logins\":[\"" + t.curator + "\"],\"assign\":true}"), "logins");
        assertField(t.managerApi.put("/api/v1/projects/" + t.projectId + "/assignments", "{\"documentIds\":[" + second
                + "],\"logins\":[\"" + t.anna + "\"]}"), "assign");
        assertThat(t.annaApi.put("/api/v1/projects/" + t.projectId + "/assignments", "{\"documentIds\":[" + second
                + "],\"logins\":[\"" + t.anna + "\"],\"assign\":true}").status()).isEqualTo(403);

        t.annaApi.put("/api/v1/documents/" + t.documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        assertThat(t.curatorApi.put("/api/v1/documents/" + t.documentId + "/state?annotator=" + t.anna,
                "{\"state\":\"IN_PROGRESS\"}").status()).as("only managers reopen others' sets").isEqualTo(403);
        assertThat(t.managerApi.put("/api/v1/documents/" + t.documentId + "/state?annotator=" + t.anna,
                "{\"state\":\"IN_PROGRESS\"}").expect(200).object().getString("state")).isEqualTo("IN_PROGRESS");

        var dashboard = t.managerApi.get("/api/v1/projects/" + t.projectId + "/dashboard").expect(200).object();
        assertThat(dashboard.getInt("documents")).isEqualTo(2);
        var matrix = t.curatorApi.get("/api/v1/projects/" + t.projectId + "/dashboard/matrix?offset=0&limit=1")
                .expect(200).object();
        assertThat(matrix.getInt("total")).isEqualTo(2);
        assertThat(matrix.getJsonArray("rows")).hasSize(1);
        assertField(t.curatorApi.get("/api/v1/projects/" + t.projectId + "/dashboard/matrix?limit=100000"), "limit");
        assertThat(t.annaApi.get("/api/v1/projects/" + t.projectId + "/dashboard").status()).isEqualTo(403);
    }

    @Test
    void managersCorrectMetadataAndEveryoneFiltersAndSortsTheDocumentList() {
        Team t = new Team();
        String metadata = "/api/v1/documents/" + t.documentId + "/metadata";
        String list = "/api/v1/projects/" + t.projectId + "/documents";
        var original = t.annaApi.get("/api/v1/documents/" + t.documentId).expect(200).object();
        long version = original.getJsonNumber("version").longValue();
        assertThat(t.annaApi.get(metadata).expect(200).object().getJsonNumber("version").longValue()).isEqualTo(version);

        // the manager corrects everything at once, against the version read
        var changed = t.managerApi.patch(metadata, "{\"title\":\"  Strike on the dock \",\"author\":\"Ana Reporter\","
                + "\"publishedAt\":\"2025-12-24T10:15:00Z\",\"siteName\":\"Harbour Gazette\","
                + "\"sourceUrl\":\"https://gazette.example/strike\",\"language\":\"en_gb\",\"version\":" + version + "}")
                .expect(200).object();
        assertThat(changed.getJsonNumber("id").longValue()).isEqualTo(t.documentId);
        assertThat(changed.getJsonNumber("version").longValue()).isEqualTo(version + 1);
        assertThat(changed.getString("title")).isEqualTo("Strike on the dock");
        assertThat(changed.getJsonObject("metadata").getString("author")).isEqualTo("Ana Reporter");
        assertThat(changed.getJsonObject("metadata").getString("publishedAt")).isEqualTo("2025-12-24T10:15:00Z");
        assertThat(changed.getJsonObject("metadata").getString("siteName")).isEqualTo("Harbour Gazette");
        assertThat(changed.getJsonObject("metadata").getString("sourceUrl")).isEqualTo("https://gazette.example/strike");
        assertThat(changed.getJsonObject("metadata").getString("language")).isEqualTo("en-GB");

        // everyone reads the new values at once; the text, its hash and length are as imported
        var read = t.annaApi.get("/api/v1/documents/" + t.documentId).expect(200).object();
        assertThat(read.getString("title")).isEqualTo("Strike on the dock");
        assertThat(read.getJsonObject("metadata").getString("siteName")).isEqualTo("Harbour Gazette");
        assertThat(read.getJsonNumber("version").longValue()).isEqualTo(version + 1);
        assertThat(read.getString("text")).isEqualTo(t.text);
        assertThat(read.getString("textSha256")).isEqualTo(original.getString("textSha256"));
        assertThat(read.getInt("textLength")).isEqualTo(original.getInt("textLength"));

        // merge-patch: null clears, what is left out stays
        var cleared = t.managerApi.patch(metadata, "{\"author\":null}").expect(200).object();
        assertThat(cleared.getJsonObject("metadata").isNull("author")).isTrue();
        assertThat(cleared.getJsonObject("metadata").getString("siteName")).isEqualTo("Harbour Gazette");
        assertThat(cleared.getJsonNumber("version").longValue()).isEqualTo(version + 2);

        // bad values are refused naming the field, and change nothing
        assertField(t.managerApi.patch(metadata, "{\"publishedAt\":\"yesterday\"}"), "publishedAt");
        assertThat(t.managerApi.patch(metadata, "{\"publishedAt\":\"yesterday\"}").object().getString("detail"))
                .contains("ISO-8601");
        assertField(t.managerApi.patch(metadata, "{\"language\":\"und\"}"), "language");
        assertField(t.managerApi.patch(metadata, "{\"sourceUrl\":\"gazette.example/strike\"}"), "sourceUrl");
        assertField(t.managerApi.patch(metadata, "{\"title\":\"\"}"), "title");
        assertField(t.managerApi.patch(metadata, "{\"siteName\":\"" + "s".repeat(501) + "\"}"), "siteName");
        assertThat(t.managerApi.patch(metadata, "{\"siteName\":\"" + "s".repeat(501) + "\"}").object()
                .getString("detail")).contains("500");
        assertField(t.managerApi.patch(metadata, "{\"author\":42}"), "author");
        var unknown = t.managerApi.patch(metadata, "{\"colour\":\"red\",\"title\":\"x\"}");
        assertField(unknown, "colour");
        assertThat(unknown.object().getString("detail")).contains("colour");
        assertThat(t.managerApi.patch(metadata, "not json").status()).isEqualTo(400);

        // a change made against an older version is refused and overwrites nothing
        var stale = t.managerApi.patch(metadata, "{\"title\":\"Old copy\",\"version\":" + version + "}");
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.object().getString("type")).isEqualTo("urn:claimscope:problem:stale-version");
        assertThat(stale.object().getString("detail")).contains("changed by someone else");
        var now = t.managerApi.get(metadata).expect(200).object();
        assertThat(now.getString("title")).isEqualTo("Strike on the dock");
        assertThat(now.getJsonNumber("version").longValue()).isEqualTo(version + 2);

        // only managers: other members get 403, people outside the project 404
        assertThat(t.annaApi.patch(metadata, "{\"title\":\"Anna's title\"}").status()).isEqualTo(403);
        assertThat(t.curatorApi.patch(metadata, "{\"title\":\"Carl's title\"}").status()).isEqualTo(403);
        assertThat(t.outsiderApi.patch(metadata, "{\"title\":\"Olga's title\"}").status()).isEqualTo(404);
        assertThat(t.outsiderApi.get(metadata).status()).isEqualTo(404);
        assertThat(t.managerApi.patch("/api/v1/documents/987654321/metadata", "{\"title\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(t.managerApi.get(metadata).expect(200).object().getString("title")).isEqualTo("Strike on the dock");

        // a second, older article from another outlet
        long second = t.annaApi.upload(list, SEED_2).expect(200).array().getJsonObject(0).getJsonNumber("documentId")
                .longValue();
        t.managerApi.patch("/api/v1/documents/" + second + "/metadata",
                "{\"siteName\":\"Other Outlet\",\"publishedAt\":\"2025-11-01\",\"language\":\"de\"}").expect(200);

        // without parameters: every document in import order, as before
        var all = t.annaApi.get(list).expect(200);
        assertThat(ids(all.array())).containsExactly(t.documentId, second);
        assertThat(all.header("X-Total-Count")).isEqualTo("2");
        assertThat(all.array().getJsonObject(0).getJsonObject("metadata").getString("siteName"))
                .isEqualTo("Harbour Gazette");
        assertThat(ids(t.annaApi.get(list + "?siteName=harbour%20gazette").expect(200).array()))
                .containsExactly(t.documentId);
        assertThat(ids(t.annaApi.get(list + "?q=DOCK").expect(200).array())).containsExactly(t.documentId);
        assertThat(ids(t.annaApi.get(list + "?language=DE").expect(200).array())).containsExactly(second);
        assertThat(ids(t.annaApi.get(list + "?publishedFrom=2025-12-01&publishedTo=2025-12-24").expect(200).array()))
                .containsExactly(t.documentId);
        assertThat(ids(t.annaApi.get(list + "?mediaType=text/plain&sort=publishedAt&dir=asc").expect(200).array()))
                .containsExactly(second, t.documentId);
        assertThat(ids(t.annaApi.get(list + "?sort=siteName&dir=desc").expect(200).array()))
                .containsExactly(second, t.documentId);
        var page = t.annaApi.get(list + "?sort=id&dir=asc&offset=1&limit=1").expect(200);
        assertThat(ids(page.array())).containsExactly(second);
        assertThat(page.header("X-Total-Count")).isEqualTo("2");
        assertField(t.annaApi.get(list + "?limit=5000"), "limit");
        assertField(t.annaApi.get(list + "?offset=-1"), "offset");
        assertField(t.annaApi.get(list + "?sort=colour"), "sort");
        assertField(t.annaApi.get(list + "?dir=sideways"), "dir");
        assertField(t.annaApi.get(list + "?publishedFrom=yesterday"), "publishedFrom");
        assertThat(t.outsiderApi.get(list + "?q=dock").status()).isEqualTo(404);

        // facets for the filter choices
        var facets = t.annaApi.get(list + "/facets").expect(200).object();
        assertThat(facets.getInt("documents")).isEqualTo(2);
        assertThat(facets.getJsonArray("siteNames").getValuesAs(JsonObject.class).stream()
                .map(v -> v.getString("value") + "=" + v.getInt("count")))
                .containsExactly("Harbour Gazette=1", "Other Outlet=1");
        assertThat(facets.getJsonArray("languages").getValuesAs(JsonObject.class).stream()
                .map(v -> v.getString("value"))).containsExactly("de", "en-GB");
        assertThat(t.outsiderApi.get(list + "/facets").status()).isEqualTo(404);
    }

    private static List<Long> ids(jakarta.json.JsonArray items) {
        return items.getValuesAs(JsonObject.class).stream().map(o -> o.getJsonNumber("id").longValue()).toList();
    }

    /** Runs a JSON Lines export of the project in the background and downloads the bundle. */
    private byte[] exportBundle(Api api, long projectId) throws Exception {
        long jobId = api.post("/api/v1/projects/" + projectId + "/exports", "{\"format\":\"jsonl\"}").expect(202)
                .object().getJsonNumber("jobId").longValue();
        JsonObject job;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        do {
            Thread.sleep(200);
            job = api.get("/api/v1/exports/" + jobId).expect(200).object();
        } while (!job.getString("state").equals("FINISHED") && !job.getString("state").equals("FAILED")
                && System.nanoTime() < deadline);
        assertThat(job.getString("state")).as(job.toString()).isEqualTo("FINISHED");
        var zip = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + job.getString("file")))
                .header("Authorization", api.authorization()).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        return zip.body();
    }

    private static List<JsonObject> corpusLines(byte[] bundle) throws IOException {
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith("/jsonl/corpus.jsonl")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                            .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
                }
            }
        }
        throw new AssertionError("the bundle holds no jsonl/corpus.jsonl");
    }

    /** A corpus line without what an import renumbers: ids and the codebook's version. */
    private static JsonObject withoutIds(JsonObject line) {
        var b = Json.createObjectBuilder(line).remove("id").remove("codebookVersion");
        var annotations = Json.createArrayBuilder();
        line.getJsonArray("annotations").forEach(a -> annotations.add(Json.createObjectBuilder(a.asJsonObject())
                .remove("id")));
        var curated = Json.createArrayBuilder();
        line.getJsonObject("curated").getJsonArray("annotations").forEach(a -> curated.add(
                Json.createObjectBuilder(a.asJsonObject()).remove("id")));
        return b.add("annotations", annotations).add("curated", Json.createObjectBuilder(line.getJsonObject("curated"))
                .add("annotations", curated)).build();
    }

    /** What an annotation says, attributes in key order (an object's members have no order). */
    private static List<String> content(JsonObject... annotationsOrReplies) {
        return java.util.Arrays.stream(annotationsOrReplies).map(a -> a.getInt("start") + "-" + a.getInt("end") + " "
                + a.getString("quote") + " " + a.getString("category") + " " + a.get("subtypes") + " "
                + new java.util.TreeMap<>(a.getJsonObject("attributes"))).toList();
    }

    @Test
    void aBundleImportsIntoANewProjectWithTheSameDocumentsCodebookAndAnnotations() throws Exception {
        Team t = new Team();
        long[] ids = annotateDifferentlyAndFinish(t);
        long second = t.annaApi.upload("/api/v1/projects/" + t.projectId + "/documents", SEED_2).expect(200).array()
                .getJsonObject(0).getJsonNumber("documentId").longValue();
        t.ottoApi.post("/api/v1/documents/" + second + "/annotations", t.annotation(3, 11, "EXPERT_OPINION"))
                .expect(201);
        t.curatorApi.post("/api/v1/documents/" + t.documentId + "/curation/annotations",
                "{\"sourceAnnotationId\":" + ids[1] + "}").expect(201);
        t.curatorApi.post("/api/v1/documents/" + t.documentId + "/curation/merge-unanimous", "{}").expect(200);
        t.curatorApi.put("/api/v1/documents/" + t.documentId + "/curation/state", "{\"state\":\"FINISHED\"}")
                .expect(200);
        String codebookPath = "/api/v1/projects/" + t.projectId + "/codebook";
        JsonObject codebook = t.managerApi.get(codebookPath).expect(200).object();
        t.managerApi.put(codebookPath, Json.createObjectBuilder(codebook).add("name", "Strike claims " + suffix)
                .build().toString()).expect(200);

        byte[] bundle = exportBundle(t.managerApi, t.projectId);
        Path file = temp.resolve("claimscope-strikes.zip");
        Files.write(file, bundle);

        // someone who may not make accounts cannot give pseudonymous layers owners
        var refused = t.managerApi.upload("/api/v1/projects/import", file);
        assertField(refused, "file");
        assertThat(refused.object().getString("detail")).contains("includeLogins").contains("administrator");

        int projectsBefore = admin.get("/api/v1/projects").expect(200).array().size();
        var created = admin.upload("/api/v1/projects/import", file).expect(201);
        JsonObject project = created.object();
        long imported = project.getJsonNumber("id").longValue();
        assertThat(created.header("Location")).endsWith("/api/v1/projects/" + imported);
        assertThat(project.getString("name")).isEqualTo("Strikes " + suffix);
        assertThat(project.getJsonArray("roles").getString(0)).isEqualTo("MANAGER");
        assertThat(admin.get("/api/v1/projects").expect(200).array()).hasSize(projectsBefore + 1);

        // the codebook, as the manager left it
        JsonObject importedCodebook = admin.get("/api/v1/projects/" + imported + "/codebook").expect(200).object();
        JsonObject original = t.managerApi.get(codebookPath).expect(200).object();
        assertThat(Json.createObjectBuilder(importedCodebook).remove("projectId").remove("version").build())
                .isEqualTo(Json.createObjectBuilder(original).remove("projectId").remove("version").build());

        // the documents, with exactly their texts
        var originalDocs = t.managerApi.get("/api/v1/projects/" + t.projectId + "/documents").expect(200).array();
        var importedDocs = admin.get("/api/v1/projects/" + imported + "/documents").expect(200).array();
        assertThat(importedDocs.getValuesAs(JsonObject.class)).extracting(d -> d.getString("textSha256"))
                .containsExactlyElementsOf(originalDocs.getValuesAs(JsonObject.class).stream()
                        .map(d -> d.getString("textSha256")).toList());
        long firstCopy = importedDocs.getJsonObject(0).getJsonNumber("id").longValue();
        long secondCopy = importedDocs.getJsonObject(1).getJsonNumber("id").longValue();
        assertThat(admin.get("/api/v1/documents/" + firstCopy).expect(200).object().getString("text"))
                .isEqualTo(t.text);

        // each annotator's layer, found by the pseudonym the bundle named it with
        java.util.Map<String, String> pseudonymOf = new java.util.HashMap<>();
        t.managerApi.get("/api/v1/projects/" + t.projectId + "/members").expect(200).array()
                .getValuesAs(JsonObject.class).forEach(m -> pseudonymOf.put(m.getString("login"),
                        m.getString("pseudonym")));
        java.util.Map<String, String> loginOf = new java.util.HashMap<>();
        admin.get("/api/v1/projects/" + imported + "/members").expect(200).array().getValuesAs(JsonObject.class)
                .forEach(m -> loginOf.put(m.getString("pseudonym"), m.getString("login")));
        for (String annotator : List.of(t.anna, t.otto)) {
            String placeholder = loginOf.get(pseudonymOf.get(annotator));
            assertThat(placeholder).isEqualTo(pseudonymOf.get(annotator) + "@" + imported);
            for (long[] pair : new long[][] {{t.documentId, firstCopy}, {second, secondCopy}}) {
                var before = t.managerApi.get("/api/v1/documents/" + pair[0] + "/annotations?annotator=" + annotator)
                        .expect(200).array().getValuesAs(JsonObject.class).toArray(JsonObject[]::new);
                var after = admin.get("/api/v1/documents/" + pair[1] + "/annotations?annotator=" + placeholder)
                        .expect(200).array().getValuesAs(JsonObject.class).toArray(JsonObject[]::new);
                assertThat(content(after)).as(annotator + " on " + pair[0]).isEqualTo(content(before));
                assertThat(admin.get("/api/v1/documents/" + pair[1] + "?annotator=" + placeholder).expect(200)
                        .object().getString("state")).isEqualTo(t.managerApi.get("/api/v1/documents/" + pair[0]
                        + "?annotator=" + annotator).expect(200).object().getString("state"));
            }
        }
        assertThat(admin.get("/api/v1/documents/" + firstCopy + "/curation").expect(200).object().getString("state"))
                .isEqualTo("FINISHED");

        // exported again, the imported project gives the same lines but for the ids
        List<JsonObject> before = corpusLines(bundle);
        List<JsonObject> after = corpusLines(exportBundle(admin, imported));
        assertThat(after).hasSize(2);
        assertThat(after.stream().map(ApiIT::withoutIds).toList())
                .isEqualTo(before.stream().map(ApiIT::withoutIds).toList());

        // a bundle whose second line is broken is refused with its line, and leaves no project behind
        Path broken = temp.resolve("broken.zip");
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (entry.getName().endsWith("/jsonl/corpus.jsonl")) {
                    String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
                    lines[1] = lines[1].substring(0, lines[1].length() / 2);
                    data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        var bad = admin.upload("/api/v1/projects/import", broken);
        assertField(bad, "file");
        assertThat(bad.object().getString("detail")).contains("line 2");
        assertThat(admin.get("/api/v1/projects").expect(200).array()).hasSize(projectsBefore + 1);
        assertField(admin.upload("/api/v1/projects/import", SEED), "file");
    }

    private static void assertField(Api.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.object().getString("field")).isEqualTo(field);
        assertThat(reply.object().getString("detail")).isNotBlank();
    }
}
