package org.claimscope.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The export page in headless Chromium: a manager chooses some formats, follows the background export to the end,
 * downloads the bundle and finds the export again among the earlier ones; an annotator is turned away politely; a
 * bundle exported with logins is restored as a new project from the start page.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExportBrowserIT {
    private static final Path SEED = Path.of("test-data/seeds/000_46d2c2feecc23d2d.txt");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL app;

    private Browser browser;
    private String base;
    private String suffix;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.claimscope();
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
        base = app.toString().endsWith("/") ? app.toString().substring(0, app.toString().length() - 1) : app.toString();
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        browser.screenshot("export-" + test.getDisplayName().replaceAll("\\W", "_"));
        browser.close();
    }

    /** A manager's project with an annotator, one uploaded article and one annotation. */
    private record Team(Api manager, String managerLogin, Api annotator, String annotatorLogin, long projectId) {
    }

    private Team team() {
        Api admin = Api.token(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        String manager = "mona-" + suffix;
        String annotator = "abel-" + suffix;
        for (String login : List.of(manager, annotator)) {
            admin.post("/api/v1/users", "{\"login\":\"" + login + "\",\"displayName\":\"" + login
                    + "\",\"password\":\"secret-" + login + "\"}").expect(201);
        }
        Api managerApi = Api.token(app, manager, "secret-" + manager);
        long projectId = managerApi.post("/api/v1/projects", "{\"name\":\"Exports " + suffix
                + "\",\"description\":\"\"}").expect(201).object().getJsonNumber("id").longValue();
        managerApi.put("/api/v1/projects/" + projectId + "/members/" + annotator, "{\"roles\":[\"ANNOTATOR\"]}")
                .expect(200);
        Api annotatorApi = Api.token(app, annotator, "secret-" + annotator);
        var outcome = annotatorApi.upload("/api/v1/projects/" + projectId + "/documents", SEED).expect(200).array()
                .getJsonObject(0);
        assertThat(outcome.getString("status")).isEqualTo("IMPORTED");
        long documentId = outcome.getJsonNumber("documentId").longValue();
        annotatorApi.post("/api/v1/documents/" + documentId + "/annotations", "{\"start\":0,\"end\":44,"
                + "\"category\":\"OFFICIAL_JUSTIFICATION\",\"subtypes\":[\"COVERT_ACTION\"],"
                + "\"attributes\":{\"speaker\":\"CNN\",\"hedge\":\"REPORTEDLY\"}}").expect(201);
        return new Team(managerApi, manager, annotatorApi, annotator, projectId);
    }

    @Test
    void aManagerExportsSomeFormatsFollowsTheProgressAndDownloadsTheBundle() throws Exception {
        Team team = team();
        browser.signIn(base, team.managerLogin(), "secret-" + team.managerLogin());
        browser.driver.get(base + "/project.xhtml?id=" + team.projectId());
        // the quick links stay beside the new page
        assertThat(browser.driver.findElements(By.id("export-jsonl"))).hasSize(1);
        assertThat(browser.driver.findElements(By.id("export-jsonl-curated"))).hasSize(1);
        browser.byId("export-page-link").click();
        browser.wait.until(d -> d.getCurrentUrl().contains("export.xhtml"));

        // every format is ticked at first, each explained; the codebook's categories and the states are offered
        List<WebElement> formats = browser.driver.findElements(By.cssSelector("#cs-export-formats input[name=format]"));
        assertThat(formats).extracting(f -> f.getAttribute("value"))
                .containsExactly("jsonl", "csv", "w3c", "brat", "conll", "uima-xmi");
        assertThat(formats).allMatch(WebElement::isSelected);
        assertThat(browser.byId("cs-export-formats").getText()).contains("CoNLL").contains("brat");
        assertThat(browser.driver.findElements(By.cssSelector(
                "#cs-export-categories input[value=OFFICIAL_JUSTIFICATION]"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#cs-export-states input[name=state]")))
                .extracting(s -> s.getAttribute("value"))
                .containsExactly("NEW", "IN_PROGRESS", "FINISHED", "ABANDONED");
        assertThat(browser.byId("cs-export-logins").isSelected()).isFalse();
        assertThat(browser.byId("cs-export-form").getText()).contains("recorded in the bundle's datasheet");
        assertThat(browser.driver.findElement(By.id("jobs")).getText()).contains("No exports yet");

        for (WebElement format : formats) {
            String key = format.getAttribute("value");
            if (!key.equals("csv") && !key.equals("jsonl")) {
                format.click();
            }
        }
        browser.byId("cs-export-start").click();
        new WebDriverWait(browser.driver, Duration.ofMinutes(2)).until(d -> {
            String state = d.findElement(By.id("cs-export-status")).getAttribute("data-state");
            return "FINISHED".equals(state) || "FAILED".equals(state) || "REFUSED".equals(state);
        });
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('cs-export-job').scrollIntoView({block: 'center'});");
        browser.screenshot("export-finished");
        assertThat(browser.byId("cs-export-status").getAttribute("data-state"))
                .as(browser.byId("cs-export-status").getText()).isEqualTo("FINISHED");
        assertThat(browser.byId("cs-export-status").getText()).contains("Finished: 1 of 1 documents");
        assertThat(browser.driver.findElement(By.id("cs-export-progress")).getAttribute("data-value"))
                .isEqualTo("100");
        assertThat(browser.driver.findElement(By.cssSelector("#cs-export-progress .ui-progressbar-label"))
                .getText()).isEqualTo("100%");
        assertThat(browser.byId("cs-export-counts").getText()).contains("jsonl, csv").contains("pseudonym");

        long jobId = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*[?&]job=(\\d+).*", "$1"));
        WebElement download = browser.byId("cs-export-download");
        assertThat(download.getText()).matches("Download \\(\\d+(\\.\\d)? (bytes|KB|MB)\\)");
        assertThat(download.getAttribute("href")).endsWith("/api/v1/exports/" + jobId + "/file");

        HttpResponse<byte[]> zip = CLIENT.send(HttpRequest.newBuilder(URI.create(team.manager().base()
                        + "/api/v1/exports/" + jobId + "/file"))
                .header("Authorization", team.manager().authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        Set<String> entries = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(entry.getName().substring(entry.getName().indexOf('/') + 1));
            }
        }
        assertThat(entries).contains("csv/annotations.csv", "jsonl/corpus.jsonl", "README.md");
        assertThat(entries).noneMatch(e -> e.startsWith("brat/") || e.startsWith("conll/") || e.startsWith("w3c/")
                || e.startsWith("uima-xmi/"));

        // the page can be left and found again: the export is listed with its file
        browser.driver.get(base + "/export.xhtml?project=" + team.projectId());
        String jobs = browser.byId("jobs").getText();
        assertThat(jobs).contains(team.managerLogin()).contains("jsonl, csv").contains("FINISHED")
                .contains("curated and annotators");
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('jobs').scrollIntoView({block: 'center'});");
        browser.screenshot("export-earlier");
        assertThat(browser.driver.findElement(By.cssSelector("#jobs a.cs-job-download")).getAttribute("href"))
                .endsWith("/api/v1/exports/" + jobId + "/file");
        // the running export's panel stays hidden until asked for
        assertThat(browser.driver.findElement(By.id("cs-export-job")).isDisplayed()).isFalse();
    }

    @Test
    void anAnnotatorIsToldThePageIsNotForThem() {
        Team team = team();
        browser.signIn(base, team.annotatorLogin(), "secret-" + team.annotatorLogin());
        browser.driver.get(base + "/project.xhtml?id=" + team.projectId());
        browser.byId("project-name");
        assertThat(browser.driver.findElements(By.id("export-page-link"))).isEmpty();

        browser.driver.get(base + "/export.xhtml?project=" + team.projectId());
        assertThat(browser.find("h1").getText()).isEqualTo("You may not open this page.");
        assertThat(browser.find("main").getText()).contains("does not have the role this page needs")
                .doesNotContain("Exception");
        // (PrimeFaces' settings in the head name ViewExpiredException; no trace of the refusal itself)
        assertThat(browser.driver.getPageSource()).doesNotContain("ForbiddenException")
                .doesNotContain("at org.claimscope.").doesNotContain("cs-export-form");
    }

    @Test
    void aBundleIsRestoredAsANewProjectFromTheStartPage(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        Team team = team();
        long jobId = team.manager().post("/api/v1/projects/" + team.projectId() + "/exports",
                "{\"formats\":[\"jsonl\",\"csv\"],\"includeLogins\":true}").expect(202).object()
                .getJsonNumber("jobId").longValue();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String state;
        do {
            Thread.sleep(200);
            state = team.manager().get("/api/v1/exports/" + jobId).expect(200).object().getString("state");
        } while (!state.equals("FINISHED") && !state.equals("FAILED") && System.nanoTime() < deadline);
        assertThat(state).isEqualTo("FINISHED");
        Path bundle = temp.resolve("claimscope-exports.zip");
        HttpResponse<Path> zip = CLIENT.send(HttpRequest.newBuilder(URI.create(team.manager().base()
                        + "/api/v1/exports/" + jobId + "/file"))
                .header("Authorization", team.manager().authorization()).GET().build(),
                HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(zip.statusCode()).isEqualTo(200);

        browser.signIn(base, team.managerLogin(), "secret-" + team.managerLogin());
        browser.driver.get(base + "/");
        browser.byId("cs-bundle-start").click();
        assertThat(browser.byId("cs-bundle-status").getText()).contains("Choose a bundle");

        // an article is not a bundle: the server's reason is shown, and no project appears
        int projectsBefore = browser.driver.findElements(By.cssSelector("#projects a.cs-project-link")).size();
        browser.byId("cs-bundle-file").sendKeys(SEED.toAbsolutePath().toString());
        browser.byId("cs-bundle-start").click();
        browser.wait.until(d -> "REFUSED".equals(d.findElement(By.id("cs-bundle-status")).getAttribute("data-state")));
        assertThat(browser.byId("cs-bundle-status").getText()).startsWith("The bundle was not imported: ")
                .containsIgnoringCase("zip");

        browser.byId("cs-bundle-file").sendKeys(bundle.toAbsolutePath().toString());
        browser.byId("cs-bundle-name").sendKeys("Restored " + suffix);
        browser.byId("cs-bundle-start").click();
        new WebDriverWait(browser.driver, Duration.ofMinutes(1)).until(d -> Set.of("DONE", "REFUSED")
                .contains(d.findElement(By.id("cs-bundle-status")).getAttribute("data-state")));
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('cs-bundle').scrollIntoView({block: 'center'});");
        browser.screenshot("bundle-restored");
        assertThat(browser.byId("cs-bundle-status").getAttribute("data-state"))
                .as(browser.byId("cs-bundle-status").getText()).isEqualTo("DONE");
        assertThat(browser.byId("cs-bundle-status").getText())
                .isEqualTo("Restored \"Restored " + suffix + "\": 1 document and 1 annotation.");
        assertThat(browser.byId("cs-bundle-details").getText())
                .contains("The layer of " + team.annotatorLogin() + " belongs to " + team.annotatorLogin() + ".")
                .doesNotContain("placeholder");
        assertThat(browser.driver.findElement(By.cssSelector("#cs-bundle .ui-progressbar-label")).getText())
                .isEqualTo("100%");

        browser.byId("cs-bundle-open").click();
        browser.wait.until(d -> d.getCurrentUrl().contains("project.xhtml"));
        assertThat(browser.byId("project-name").getText()).isEqualTo("Restored " + suffix);
        long restored = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*[?&]id=(\\d+).*", "$1"));
        var documents = team.manager().get("/api/v1/projects/" + restored + "/documents").expect(200).array();
        assertThat(documents).hasSize(1);
        long copy = documents.getJsonObject(0).getJsonNumber("id").longValue();
        var annotations = team.annotator().get("/api/v1/documents/" + copy + "/annotations").expect(200).array();
        assertThat(annotations).hasSize(1);
        assertThat(annotations.getJsonObject(0).getString("category")).isEqualTo("OFFICIAL_JUSTIFICATION");
        assertThat(annotations.getJsonObject(0).getJsonArray("subtypes").getString(0)).isEqualTo("COVERT_ACTION");

        browser.driver.get(base + "/");
        assertThat(browser.driver.findElements(By.cssSelector("#projects a.cs-project-link")))
                .hasSize(projectsBefore + 1).first().extracting(WebElement::getText).isEqualTo("Restored " + suffix);
    }
}
