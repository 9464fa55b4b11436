package org.claimscope.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.claimscope.bench.ArticleCorpus;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Bulk import as a manager uses it: archives of hundreds of saved news pages through the API and once through the
 * import page in Chromium, with hostile members, near duplicates, cancelling, and the per-file report.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ImportIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ArticleCorpus CORPUS = ArticleCorpus.load(Path.of("."));
    /** Article text of about 4 KB per page: realistic paragraphs, quick to import by the hundred. */
    private static final int PAGE_BYTES = 4_000;

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
    void signIn() {
        admin = Api.token(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- helpers ----

    private record Team(Api manager, Api annotator, Api outsider, long projectId, String managerLogin) {
    }

    private Team team() {
        String manager = "mira-" + suffix;
        String annotator = "arne-" + suffix;
        String outsider = "oona-" + suffix;
        for (String login : List.of(manager, annotator, outsider)) {
            admin.post("/api/v1/users", "{\"login\":\"" + login + "\",\"displayName\":\"" + login
                    + "\",\"password\":\"secret-" + login + "\"}").expect(201);
        }
        Api managerApi = Api.token(app, manager, "secret-" + manager);
        long projectId = managerApi.post("/api/v1/projects", "{\"name\":\"Corpus " + suffix + "\",\"description\":\"\"}")
                .expect(201).object().getJsonNumber("id").longValue();
        managerApi.put("/api/v1/projects/" + projectId + "/members/" + annotator, "{\"roles\":[\"ANNOTATOR\"]}")
                .expect(200);
        return new Team(managerApi, Api.token(app, annotator, "secret-" + annotator),
                Api.token(app, outsider, "secret-" + outsider), projectId, manager);
    }

    /** A multipart POST with parts named "file" and any other form fields. */
    private Api.Reply post(Api api, String path, Map<String, String> fields, Map<String, byte[]> files) {
        try {
            String boundary = "----claimscope" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(file.getValue());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, String> field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                        + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            String authorization = api.authorization();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long start(Team team, Map<String, String> fields, Map<String, byte[]> files) {
        Api.Reply reply = post(team.manager(), "/api/v1/projects/" + team.projectId() + "/imports", fields, files);
        reply.expect(202);
        return reply.object().getJsonNumber("jobId").longValue();
    }

    /** Follows the job until it is over, as the page does. */
    private JsonObject awaitEnd(Api api, long jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            JsonObject job = api.get("/api/v1/imports/" + jobId).expect(200).object();
            String state = job.getString("state");
            if (state.equals("FINISHED") || state.equals("CANCELLED") || state.equals("FAILED")) {
                return job;
            }
            assertThat(job.getJsonNumber("progress").doubleValue()).isBetween(0.0, 1.0);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import job " + jobId + " did not end: " + job);
            }
            Thread.sleep(250);
        }
    }

    private static Map<String, JsonObject> byName(JsonObject job) {
        Map<String, JsonObject> files = new LinkedHashMap<>();
        for (JsonObject file : job.getJsonArray("files").getValuesAs(JsonObject.class)) {
            files.put(file.getString("fileName"), file);
        }
        return files;
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                if (!entry.getKey().endsWith("/")) {
                    zip.write(entry.getValue());
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] page(int n) {
        return CORPUS.page(n, PAGE_BYTES).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] file(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- tests ----

    @Test
    void aZipOfSeveralHundredPagesImportsWithAReportForEveryFile() throws Exception {
        Team team = team();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("pages/", new byte[0]);
        for (int n = 0; n < 300; n++) {
            entries.put(ArticleCorpus.fileName(n), page(n));
        }
        // the same page saved twice under another name
        entries.put("copies/report-0-again.html", page(0));
        // a wire copy of page 1 republished with a new headline, one paragraph cut and a sentence added
        List<String> paragraphs = new ArrayList<>(CORPUS.paragraphs(1, PAGE_BYTES));
        paragraphs.remove(2);
        paragraphs.add(1, "Officials declined to comment further on Tuesday.");
        entries.put("copies/wire-copy-of-1.txt", ("Republished: strike report\n\n" + String.join("\n\n", paragraphs))
                .getBytes(StandardCharsets.UTF_8));
        entries.put("../../escape.html", page(900));
        entries.put("/etc/passwd.html", page(901));
        entries.put("odd/empty.txt", new byte[0]);
        entries.put("odd/encrypted.pdf", file("test-data/import/encrypted.pdf"));
        entries.put("odd/scanned.pdf", file("test-data/import/image-only.pdf"));
        entries.put("odd/program.exe", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF,
                (byte) 0xFF, 0, 0});
        entries.put("__MACOSX/pages/._report-1.html", new byte[] {0, 5, 22, 7});
        entries.put("nested/more.zip", zip(Map.of("report-300.html", page(300), "report-301.html", page(301))));

        long jobId = start(team, Map.of(), Map.of("corpus.zip", zip(entries)));
        JsonObject job = awaitEnd(team.manager(), jobId);

        assertThat(job.getString("state")).isEqualTo("FINISHED");
        assertThat(job.getJsonNumber("progress").doubleValue()).isEqualTo(1.0);
        assertThat(job.getInt("filesDone")).isEqualTo(310);
        assertThat(job.getInt("filesTotal")).isEqualTo(310);
        String unusual = job.getJsonArray("files").getValuesAs(JsonObject.class).stream()
                .filter(f -> !f.getString("status").equals("IMPORTED") || f.containsKey("nearDuplicateOf")
                        && !f.isNull("nearDuplicateOf")).map(JsonObject::toString)
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(job.getInt("imported")).as(unusual).isEqualTo(303);
        assertThat(job.getInt("duplicates")).as(unusual).isEqualTo(1);
        assertThat(job.getInt("nearDuplicates")).as(unusual).isEqualTo(1);
        assertThat(job.getInt("failed")).as(unusual).isEqualTo(6);
        assertThat(job.getBoolean("extractMainContent")).isTrue();
        assertThat(job.getString("createdBy")).isEqualTo(team.managerLogin());

        Map<String, JsonObject> files = byName(job);
        assertThat(files).hasSize(310).doesNotContainKey("corpus.zip/__MACOSX/pages/._report-1.html");
        JsonObject first = files.get("corpus.zip/" + ArticleCorpus.fileName(0));
        assertThat(first.getString("status")).isEqualTo("IMPORTED");
        long firstId = first.getJsonNumber("documentId").longValue();
        JsonObject again = files.get("corpus.zip/copies/report-0-again.html");
        assertThat(again.getString("status")).isEqualTo("DUPLICATE");
        assertThat(again.getJsonNumber("documentId").longValue()).isEqualTo(firstId);

        JsonObject wire = files.get("corpus.zip/copies/wire-copy-of-1.txt");
        long original = files.get("corpus.zip/" + ArticleCorpus.fileName(1)).getJsonNumber("documentId").longValue();
        assertThat(wire.getString("status")).isEqualTo("IMPORTED");
        assertThat(wire.getJsonNumber("nearDuplicateOf").longValue()).isEqualTo(original);
        assertThat(wire.getJsonNumber("resemblance").doubleValue()).isBetween(0.5, 0.99);
        assertThat(wire.getString("message")).contains("near duplicate of document " + original);

        assertThat(files.get("corpus.zip/../../escape.html").getString("status")).isEqualTo("FAILED");
        assertThat(files.get("corpus.zip/../../escape.html").getString("message")).contains("leaves the archive");
        assertThat(files.get("corpus.zip//etc/passwd.html").getString("message")).contains("leaves the archive");
        assertThat(files.get("corpus.zip/odd/empty.txt").getString("message")).contains("empty");
        assertThat(files.get("corpus.zip/odd/encrypted.pdf").getString("message")).containsIgnoringCase("password");
        assertThat(files.get("corpus.zip/odd/scanned.pdf").getString("message")).contains("OCR");
        assertThat(files.get("corpus.zip/odd/program.exe").getString("message")).contains("cannot be imported");
        assertThat(files.get("corpus.zip/nested/more.zip/report-300.html").getString("status")).isEqualTo("IMPORTED");

        // Only the imported files became documents, with the article's text and the page's metadata.
        JsonArray documents = team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200)
                .array();
        assertThat(documents).hasSize(303);
        JsonObject five = team.manager().get("/api/v1/documents/"
                + files.get("corpus.zip/" + ArticleCorpus.fileName(5)).getJsonNumber("documentId").longValue())
                .expect(200).object();
        assertThat(five.getString("title")).isEqualTo(ArticleCorpus.headline(5));
        JsonObject metadata = five.getJsonObject("metadata");
        assertThat(metadata.getString("siteName")).isEqualTo(ArticleCorpus.outlet(5));
        assertThat(metadata.getString("language")).isEqualTo("en");
        assertThat(metadata.getString("sourceUrl")).endsWith("/report-5");
        assertThat(metadata.getString("publishedAt")).startsWith("2025-06-06");
        String text = five.getString("text");
        assertThat(text).startsWith(ArticleCorpus.headline(5)).contains(CORPUS.paragraphs(5, PAGE_BYTES).get(0))
                .doesNotContain("cookies").doesNotContain("Related stories").doesNotContain("I disagree")
                .doesNotContain("Share on Facebook");

        // The report downloads as CSV, one line per file after the header.
        Api.Reply csv = team.manager().get("/api/v1/imports/" + jobId + "/report.csv").expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("fileName,status,documentId,nearDuplicateOf,resemblance,message");
        assertThat(lines).hasSize(311);
        assertThat(csv.body()).contains("corpus.zip/copies/wire-copy-of-1.txt,IMPORTED,");

        // The report filters by status and pages.
        JsonObject failed = team.manager().get("/api/v1/imports/" + jobId + "?status=FAILED").expect(200).object();
        assertThat(failed.getJsonArray("files")).hasSize(6);
        JsonObject page = team.manager().get("/api/v1/imports/" + jobId + "?offset=300&limit=5").expect(200).object();
        assertThat(page.getJsonArray("files")).hasSize(5);
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/imports").expect(200).array()
                .getJsonObject(0).getJsonNumber("jobId").longValue()).isEqualTo(jobId);
    }

    @Test
    void articleExtractionCanBeSwitchedOffForAnUpload() throws Exception {
        Team team = team();
        long on = start(team, Map.of("extractMainContent", "true"), Map.of("page.html", page(7)));
        long onDocument = byName(awaitEnd(team.manager(), on)).get("page.html").getJsonNumber("documentId").longValue();
        Team other = team;
        long off = start(other, Map.of("extractMainContent", "false"), Map.of("page-whole.html", page(7)));
        JsonObject offJob = awaitEnd(team.manager(), off);
        assertThat(offJob.getBoolean("extractMainContent")).isFalse();
        JsonObject whole = byName(offJob).get("page-whole.html");
        assertThat(whole.getString("status")).isEqualTo("IMPORTED");
        assertThat(whole.getString("message")).contains("imported whole (article extraction was off)");
        String articleText = team.manager().get("/api/v1/documents/" + onDocument).expect(200).object().getString("text");
        String wholeText = team.manager().get("/api/v1/documents/" + whole.getJsonNumber("documentId").longValue())
                .expect(200).object().getString("text");
        assertThat(articleText).doesNotContain("cookies");
        assertThat(wholeText).contains("cookies").contains("Related stories").contains(articleText.lines().skip(2)
                .findFirst().orElseThrow());
        // the whole page holds the article: it is flagged as resembling the article's document
        assertThat(whole.getJsonNumber("nearDuplicateOf").longValue()).isEqualTo(onDocument);
    }

    @Test
    void badUploadsAreRefusedWithAReasonAndNothingIsStarted() {
        Team team = team();
        String path = "/api/v1/projects/" + team.projectId() + "/imports";
        Api.Reply none = post(team.manager(), path, Map.of("extractMainContent", "true"), Map.of());
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.object().getString("detail")).contains("'file'");
        Api.Reply flag = post(team.manager(), path, Map.of("extractMainContent", "maybe"), Map.of("a.txt",
                "Some text of an article.".getBytes(StandardCharsets.UTF_8)));
        assertThat(flag.status()).isEqualTo(400);
        assertThat(flag.object().getString("detail")).contains("extractMainContent").contains("maybe");
        // a stranger to the project may neither import nor see the project's imports
        Api.Reply stranger = post(team.outsider(), path, Map.of(), Map.of("a.txt",
                "Some text of an article.".getBytes(StandardCharsets.UTF_8)));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/imports").expect(200).array())
                .isEmpty();
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200).array())
                .isEmpty();
        // the single-file upload points archives to the bulk import
        Path archive = temp.resolve("articles.zip");
        try {
            Files.write(archive, zip(Map.of("a.html", page(13))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject single = team.manager().upload("/api/v1/projects/" + team.projectId() + "/documents", archive)
                .expect(200).array().getJsonObject(0);
        assertThat(single.getString("status")).isEqualTo("FAILED");
        assertThat(single.getString("message")).contains("bulk import");
        // a job that does not exist, and someone else's job, look the same
        assertThat(team.manager().get("/api/v1/imports/987654321").status()).isEqualTo(404);
    }

    @Test
    void aJobIsSeenByItsProjectsManagersOnly() throws Exception {
        Team team = team();
        long jobId = start(team, Map.of(), Map.of("one.html", page(11)));
        awaitEnd(team.manager(), jobId);
        assertThat(team.outsider().get("/api/v1/imports/" + jobId).status()).isEqualTo(404);
        assertThat(team.outsider().get("/api/v1/imports/" + jobId + "/report.csv").status()).isEqualTo(404);
        // an annotator of the project sees their own imports, not the manager's
        assertThat(team.annotator().get("/api/v1/imports/" + jobId).status()).isEqualTo(404);
        assertThat(team.outsider().post("/api/v1/imports/" + jobId + "/cancel", "{}").status()).isEqualTo(404);
    }

    @Test
    void aDecompressionBombIsRefusedAndTheServerStaysHealthy() throws Exception {
        Team team = team();
        // 64 MB of zeros compress to about 64 KB; ten of them nested in an archive unpack to 640 MB
        byte[] zeros = new byte[64 * 1024 * 1024];
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(inner)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            zip.write(zeros);
            zip.closeEntry();
        }
        Map<String, byte[]> layers = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            layers.put("layer-" + i + ".zip", inner.toByteArray());
        }
        layers.put("real.html", page(12));
        long started = System.nanoTime();
        long jobId = start(team, Map.of(), Map.of("bomb.zip", zip(layers)));
        JsonObject job = awaitEnd(team.manager(), jobId);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(2));
        assertThat(job.getString("state")).isEqualTo("FINISHED");
        assertThat(job.getInt("imported")).isEqualTo(1);
        Map<String, JsonObject> files = byName(job);
        JsonObject layer = files.get("bomb.zip/layer-0.zip/zeros.txt");
        assertThat(layer.getString("status")).isEqualTo("FAILED");
        assertThat(layer.getString("message")).containsAnyOf("limit", "bomb");
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200).array())
                .hasSize(1);
        Api server = Api.anonymous(new URL(app.getProtocol() + "://" + app.getHost() + ":" + app.getPort()));
        assertThat(server.get("/health/ready").expect(200).body()).contains("UP");
    }

    @Test
    void aCancelledImportKeepsWhatItImportedAndReportsIt() throws Exception {
        Team team = team();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int n = 0; n < 3000; n++) {
            entries.put("short/" + n + ".txt", ("Short note number " + n + " on the strikes.")
                    .getBytes(StandardCharsets.UTF_8));
        }
        long jobId = start(team, Map.of(), Map.of("notes.zip", zip(entries)));
        JsonObject cancelled = team.manager().post("/api/v1/imports/" + jobId + "/cancel", "{}").expect(200).object();
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        Thread.sleep(500);
        JsonObject job = awaitEnd(team.manager(), jobId);
        assertThat(job.getString("state")).isEqualTo("CANCELLED");
        assertThat(job.getString("message")).contains("cancelled by " + team.managerLogin());
        assertThat(job.getInt("filesDone")).isLessThan(3000);
        assertThat(job.getJsonArray("files")).hasSize(job.getInt("filesDone"));
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200).array())
                .hasSize(job.getInt("imported"));
    }

    @Test
    void theManagerKeepsOrDeletesANearDuplicate() throws Exception {
        Team team = team();
        List<String> paragraphs = CORPUS.paragraphs(20, PAGE_BYTES);
        String original = String.join("\n\n", paragraphs);
        List<String> edited = new ArrayList<>(paragraphs);
        edited.remove(edited.size() - 1);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("original.txt", original.getBytes(StandardCharsets.UTF_8));
        files.put("copy-a.txt", ("Wire: " + String.join("\n\n", edited)).getBytes(StandardCharsets.UTF_8));
        files.put("copy-b.txt", ("Syndicated: " + String.join("\n\n", edited) + "\n\nMore to follow.")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, JsonObject> report = byName(awaitEnd(team.manager(), start(team, Map.of(), files)));
        long originalId = report.get("original.txt").getJsonNumber("documentId").longValue();
        long a = report.get("copy-a.txt").getJsonNumber("documentId").longValue();
        long b = report.get("copy-b.txt").getJsonNumber("documentId").longValue();
        assertThat(report.get("copy-a.txt").getJsonNumber("nearDuplicateOf").longValue()).isEqualTo(originalId);
        assertThat(report.get("copy-b.txt").isNull("nearDuplicateOf")).isFalse();

        // an annotator may not decide
        assertThat(team.annotator().delete("/api/v1/documents/" + a).status()).isEqualTo(403);
        // keep copy a: the flag goes
        team.manager().delete("/api/v1/documents/" + a + "/near-duplicate").expect(204);
        // delete copy b: the document goes
        team.manager().delete("/api/v1/documents/" + b).expect(204);
        assertThat(team.manager().get("/api/v1/documents/" + b).status()).isEqualTo(404);
        assertThat(team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200).array())
                .extracting(v -> v.asJsonObject().getJsonNumber("id").longValue())
                .containsExactly(originalId, a);

        // a document someone has annotated is kept
        team.manager().put("/api/v1/projects/" + team.projectId() + "/members/" + team.managerLogin(),
                "{\"roles\":[\"MANAGER\",\"ANNOTATOR\"]}").expect(200);
        team.manager().post("/api/v1/documents/" + originalId + "/annotations", "{\"start\":0,\"end\":10,"
                + "\"category\":\"LEGAL_ASSERTION\",\"subtypes\":[],\"attributes\":{}}").expect(201);
        Api.Reply refused = team.manager().delete("/api/v1/documents/" + originalId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.object().getString("detail")).contains("1 annotation").contains("kept");
        assertThat(team.manager().get("/api/v1/documents/" + originalId).status()).isEqualTo(200);
    }

    @Test
    void theImportPageUploadsAnArchiveAndShowsProgressAndTheReport() throws Exception {
        Team team = team();
        Path archive = temp.resolve("outlets.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int n = 400; n < 460; n++) {
            entries.put(ArticleCorpus.fileName(n), page(n));
            if (n == 405) {
                // early in the archive, so that it is on the first page of the project's documents
                entries.put("wire/report-460.html", CORPUS.wireCopy(460, 400, PAGE_BYTES)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        entries.put("odd/empty.txt", new byte[0]);
        Files.write(archive, zip(entries));

        String base = app.toString().endsWith("/") ? app.toString().substring(0, app.toString().length() - 1)
                : app.toString();
        try (Browser browser = new Browser()) {
            browser.signIn(base, team.managerLogin(), "secret-" + team.managerLogin());
            browser.driver.get(base + "/project.xhtml?id=" + team.projectId());
            browser.byId("bulk-import-link").click();
            browser.wait.until(d -> d.getCurrentUrl().contains("import.xhtml"));
            browser.byId("cs-import-files").sendKeys(archive.toAbsolutePath().toString());
            browser.byId("cs-import-start").click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofMinutes(2))
                    .until(d -> "FINISHED".equals(d.findElement(By.id("cs-import-status")).getAttribute("data-state")));
            browser.screenshot("import-finished");
            assertThat(browser.byId("cs-import-status").getText()).contains("Finished: 62 of 62 files");
            assertThat(browser.driver.findElement(By.id("cs-import-progress")).getAttribute("data-value"))
                    .isEqualTo("100");
            assertThat(browser.driver.findElement(By.cssSelector("#cs-import-progress .ui-progressbar-label"))
                    .getText()).isEqualTo("100%");
            assertThat(browser.byId("cs-import-counts").getText()).contains("61 imported").contains("1 near duplicates")
                    .contains("1 failed");
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("#cs-import-report tbody tr"));
            assertThat(rows).hasSize(62);
            browser.driver.findElement(By.cssSelector("#cs-import-filters button[data-status=NEAR]")).click();
            rows = browser.driver.findElements(By.cssSelector("#cs-import-report tbody tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getText()).contains("outlets.zip/wire/report-460.html").contains("NEAR DUPLICATE");
            browser.driver.findElement(By.cssSelector("#cs-import-filters button[data-status=FAILED]")).click();
            rows = browser.driver.findElements(By.cssSelector("#cs-import-report tbody tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getText()).contains("outlets.zip/odd/empty.txt").contains("empty");
            String csv = browser.byId("cs-import-csv").getAttribute("href");
            assertThat(csv).matches(".*/api/v1/imports/\\d+/report\\.csv");
            // the page can be left and found again: the job is listed with its report
            browser.driver.get(base + "/import.xhtml?project=" + team.projectId());
            assertThat(browser.byId("jobs").getText()).contains("FINISHED").contains("61 imported");
            browser.driver.findElement(By.cssSelector("a.cs-job-link")).click();
            browser.wait.until(d -> "FINISHED".equals(
                    d.findElement(By.id("cs-import-status")).getAttribute("data-state")));
            assertThat(browser.driver.findElements(By.cssSelector("#cs-import-report tbody tr"))).hasSize(62);

            // on the project's page the manager sees the near duplicate and keeps it
            browser.driver.get(base + "/project.xhtml?id=" + team.projectId());
            WebElement near = browser.find(".cs-near-duplicate");
            assertThat(near.getText()).contains("Near duplicate of document").contains("%");
            near.findElement(By.cssSelector("a.cs-keep-near")).click();
            browser.wait.until(d -> d.findElements(By.cssSelector(".cs-near-duplicate")).isEmpty());
            assertThat(browser.byId("documentsForm:documentMessages").getText()).contains("is kept");
        }
        JsonArray documents = team.manager().get("/api/v1/projects/" + team.projectId() + "/documents").expect(200)
                .array();
        assertThat(documents).hasSize(61);
        assertThat(documents.getValuesAs(JsonObject.class)).allMatch(d -> d.isNull("nearDuplicateOf"));
    }
}
