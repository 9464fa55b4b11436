package org.claimscope.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What people do on the pages, in headless Chromium: an administrator sets up a project and an
 * annotator; the annotator uploads a sample article, marks statements with the mouse and the
 * hotkeys, fills in the side panel, reloads and finds everything as saved; the export holds it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {
    private static final Path SEED = Path.of("test-data/seeds/000_46d2c2feecc23d2d.txt");
    /** A statement of the sample article: the reason officials give for the strike. */
    private static final String STATEMENT = "believing that it was being used by the notoriously savage Venezuelan gang "
            + "Tren de Aragua to smuggle drugs";

    @ArquillianResource
    URL app;

    private Browser browser;
    private String base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.claimscope();
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
        base = app.toString().endsWith("/") ? app.toString().substring(0, app.toString().length() - 1) : app.toString();
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        browser.screenshot(test.getDisplayName().replaceAll("\\W", "_"));
        browser.close();
    }

    @Test
    void annotatorMarksAStatementAndFindsItAfterReloadAndInTheExport() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String annotator = "anna-" + suffix;

        // The administrator creates a project and an annotator, and adds the annotator to the project.
        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(base + "/");
        browser.byId("newProject:name").sendKeys("Venezuela strikes " + suffix);
        browser.byId("newProject:description").sendKeys("Coverage of the CIA dock strike");
        browser.byId("newProject:create").click();
        browser.wait.until(d -> d.getCurrentUrl().contains("project.xhtml"));
        String projectUrl = browser.driver.getCurrentUrl();
        long projectId = Long.parseLong(projectUrl.replaceAll(".*[?&]id=(\\d+).*", "$1"));
        assertThat(browser.byId("project-name").getText()).isEqualTo("Venezuela strikes " + suffix);

        browser.driver.get(base + "/admin/users.xhtml");
        browser.byId("newUser:login").sendKeys(annotator);
        browser.byId("newUser:displayName").sendKeys("Anna Annotator");
        browser.byId("newUser:password").sendKeys("anna-password");
        browser.byId("newUser:create").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"), annotator));

        browser.driver.get(projectUrl);
        browser.byId("membersForm:memberLogin").sendKeys(annotator);
        browser.byId("membersForm:saveMember").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("membersForm:members"), annotator));
        browser.screenshot("project-members");
        assertThat(browser.byId("membersForm:members").getText()).contains(annotator + " Anna Annotator [ANNOTATOR]");

        // The annotator signs in, uploads the sample article and opens it.
        browser.signIn(base, annotator, "anna-password");
        browser.driver.get(projectUrl);
        browser.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(SEED.toAbsolutePath().toString());
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("uploadForm:outcomes"), "IMPORTED"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a.cs-doc-link"))).click();
        waitForEditor();
        long documentId = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*[?&]document=(\\d+).*", "$1"));
        Api manager = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        String text = manager.get("/api/v1/documents/" + documentId).expect(200).object().getString("text");

        // A word selected with the mouse (double-click) and hotkey 1 becomes a legal assertion at once.
        WebElement paragraph = browser.driver.findElement(By.xpath("//*[@id='cs-editor']//*[contains(text(),'drone')]"));
        @SuppressWarnings("unchecked")
        List<Number> point = (List<Number>) js("var p = arguments[0]; var t = p.firstChild;"
                + "while (t && (t.nodeType !== 3 || t.data.indexOf('drone') < 0)) t = t.nextSibling;"
                + "var r = document.createRange(); var i = t.data.indexOf('drone'); r.setStart(t, i + 1); r.setEnd(t, i + 2);"
                + "var b = r.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2];", paragraph);
        new Actions(browser.driver).moveToLocation(point.get(0).intValue(), point.get(1).intValue()).doubleClick().perform();
        new Actions(browser.driver).sendKeys("1").perform();
        browser.wait.until(d -> d.findElements(By.cssSelector("#cs-list li[data-id]")).size() == 1);

        // A whole statement, selected in the text, tagged as an official justification with a subtype and a speaker.
        int start = codePoints(text, text.indexOf(STATEMENT));
        int end = start + codePoints(STATEMENT, STATEMENT.length());
        js("window.claimscopeEditor.selectRange(arguments[0], arguments[1]);", start, end);
        new Actions(browser.driver).sendKeys("3").perform();
        browser.wait.until(d -> d.findElements(By.cssSelector("#cs-list li[data-id]")).size() == 2);
        browser.find("#cs-panel input[name=subtype][value=SOVEREIGNTY_USE_OF_FORCE]").click();
        WebElement speaker = browser.find("#cs-panel [name=attr-speaker]");
        speaker.sendKeys("U.S. officials");
        speaker.sendKeys(Keys.TAB);
        new org.openqa.selenium.support.ui.Select(browser.find("#cs-panel [name=attr-hedge]"))
                .selectByValue("REPORTEDLY");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cs-status"), "Saved"));
        browser.screenshot("editor-after-annotating");

        // After a reload the page shows exactly what was saved.
        browser.driver.navigate().refresh();
        waitForEditor();
        List<WebElement> items = browser.driver.findElements(By.cssSelector("#cs-list li[data-id]"));
        assertThat(items).hasSize(2);
        items.get(1).click();
        assertThat(browser.find("#cs-panel input[name=subtype][value=SOVEREIGNTY_USE_OF_FORCE]").isSelected()).isTrue();
        assertThat(browser.find("#cs-panel [name=attr-speaker]").getAttribute("value")).isEqualTo("U.S. officials");
        assertThat(browser.find("#cs-panel").getText()).contains("Tren de Aragua");
        assertThat(browser.driver.findElements(By.cssSelector(".cs-hl"))).isNotEmpty();
        browser.find("#cs-finish").click();
        browser.wait.until(d -> "FINISHED".equals(d.findElement(By.id("cs-editor")).getAttribute("data-state")));

        // The manager sees who annotated the document and reads the annotator's set, without being able to change it.
        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(projectUrl);
        browser.find("a.cs-set-link").click();
        waitForEditor();
        assertThat(browser.driver.findElements(By.cssSelector("#cs-list li[data-id]"))).hasSize(2);
        assertThat(browser.find("#cs-editor").getAttribute("data-state")).isEqualTo("FINISHED");
        assertThat(browser.driver.findElements(By.cssSelector("button[data-category]:not([disabled])"))).isEmpty();

        // The project's JSON Lines export holds both, with offsets that give back the quotes.
        String line = manager.get("/api/v1/projects/" + projectId + "/export?format=jsonl").expect(200).body().strip();
        JsonObject document = Json.createReader(new StringReader(line)).readObject();
        String exported = document.getString("text");
        var annotations = document.getJsonArray("annotations");
        assertThat(annotations).hasSize(2);
        JsonObject word = annotations.getJsonObject(0).asJsonObject();
        JsonObject statement = annotations.getJsonObject(1).asJsonObject();
        assertThat(word.getString("quote")).isEqualTo("drone");
        assertThat(word.getString("category")).isEqualTo("LEGAL_ASSERTION");
        assertThat(statement.getString("quote")).isEqualTo(STATEMENT);
        assertThat(statement.getString("category")).isEqualTo("OFFICIAL_JUSTIFICATION");
        assertThat(statement.getJsonArray("subtypes").getString(0)).isEqualTo("SOVEREIGNTY_USE_OF_FORCE");
        assertThat(statement.getJsonObject("attributes").getString("speaker")).isEqualTo("U.S. officials");
        assertThat(statement.getJsonObject("attributes").getString("hedge")).isEqualTo("REPORTEDLY");
        for (JsonObject a : List.of(word, statement)) {
            String quote = exported.substring(exported.offsetByCodePoints(0, a.getInt("start")),
                    exported.offsetByCodePoints(0, a.getInt("end")));
            assertThat(quote).isEqualTo(a.getString("quote"));
        }
    }

    @Test
    void managerRenamesRecoloursAddsAndRetiresCodebookEntries() {
        Api admin = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        long projectId = admin.post("/api/v1/projects", "{\"name\":\"Codebook work\",\"description\":\"\"}")
                .expect(201).object().getJsonNumber("id").longValue();
        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(base + "/codebook.xhtml?project=" + projectId);
        assertThat(browser.byId("version").getText()).contains("1");

        WebElement label = browser.find("[id='codebook:categories'] input.cs-label");
        label.clear();
        label.sendKeys("Legal claim");
        WebElement colour = browser.find("[id='codebook:categories'] input.cs-colour");
        colour.clear();
        colour.sendKeys("#123456");
        browser.byId("codebook:addSubtype").click();
        browser.wait.until(d -> d.findElements(By.cssSelector("[id='codebook:subtypes'] tbody tr")).size() == 12);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("[id='codebook:subtypes'] tbody tr"));
        List<WebElement> fresh = rows.get(11).findElements(By.cssSelector("input[type=text], textarea"));
        fresh.get(0).sendKeys("BLOCKADE");
        fresh.get(1).sendKeys("Naval blockade");
        // retire OTHER, the eleventh subtype
        rows.get(10).findElement(By.cssSelector(".ui-chkbox-box")).click();
        browser.byId("codebook:save").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("codebook:messages"), "version 2"));

        var codebook = admin.get("/api/v1/projects/" + projectId + "/codebook").expect(200).object();
        assertThat(codebook.getJsonNumber("version").longValue()).isEqualTo(2);
        JsonObject legal = codebook.getJsonArray("categories").getJsonObject(0);
        assertThat(legal.getString("key")).isEqualTo("LEGAL_ASSERTION");
        assertThat(legal.getString("label")).isEqualTo("Legal claim");
        assertThat(legal.getString("colour")).isEqualTo("#123456");
        var subtypes = codebook.getJsonArray("subtypes");
        assertThat(subtypes.getJsonObject(11).getString("key")).isEqualTo("BLOCKADE");
        assertThat(subtypes.getJsonObject(11).getString("label")).isEqualTo("Naval blockade");
        assertThat(subtypes.getJsonObject(10).getString("key")).isEqualTo("OTHER");
        assertThat(subtypes.getJsonObject(10).getBoolean("retired")).isTrue();

        // A bad colour is refused with a message, and nothing is saved.
        colour = browser.find("[id='codebook:categories'] input.cs-colour");
        colour.clear();
        colour.sendKeys("blue");
        browser.byId("codebook:save").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("codebook:messages"), "#rrggbb"));
        assertThat(admin.get("/api/v1/projects/" + projectId + "/codebook").expect(200).object()
                .getJsonNumber("version").longValue()).isEqualTo(2);
    }

    @Test
    void secondTabSavingAStaleAnnotationIsToldAndOverwritesNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String annotator = "tabs-" + suffix;
        Api admin = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        admin.post("/api/v1/users", "{\"login\":\"" + annotator + "\",\"password\":\"tabs-password\"}").expect(201);
        long projectId = admin.post("/api/v1/projects", "{\"name\":\"Two tabs " + suffix + "\",\"description\":\"\"}")
                .expect(201).object().getJsonNumber("id").longValue();
        admin.put("/api/v1/projects/" + projectId + "/members/" + annotator, "{\"roles\":[\"ANNOTATOR\"]}").expect(200);
        Api anna = Api.basic(app, annotator, "tabs-password");
        long documentId = anna.upload("/api/v1/projects/" + projectId + "/documents", SEED).expect(200).array()
                .getJsonObject(0).getJsonNumber("documentId").longValue();
        long id = anna.post("/api/v1/documents/" + documentId + "/annotations",
                "{\"start\":0,\"end\":14,\"category\":\"LEGAL_ASSERTION\"}").expect(201).object()
                .getJsonNumber("id").longValue();

        browser.signIn(base, annotator, "tabs-password");
        String editor = base + "/annotate.xhtml?document=" + documentId;
        browser.driver.get(editor);
        waitForEditor();
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.driver.get(editor);
        waitForEditor();
        String second = browser.driver.getWindowHandle();

        // The first tab changes the speaker...
        browser.driver.switchTo().window(first);
        browser.find("#cs-list li[data-id='" + id + "']").click();
        WebElement speaker = browser.find("#cs-panel [name=attr-speaker]");
        speaker.sendKeys("first tab");
        speaker.sendKeys(Keys.TAB);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cs-status"), "Saved"));

        // ...then the second tab, still holding the old version, tries to change it too.
        browser.driver.switchTo().window(second);
        browser.find("#cs-list li[data-id='" + id + "']").click();
        speaker = browser.find("#cs-panel [name=attr-speaker]");
        speaker.sendKeys("second tab");
        speaker.sendKeys(Keys.TAB);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cs-message"), "changed elsewhere"));
        browser.screenshot("second-tab-conflict");

        assertThat(anna.get("/api/v1/annotations/" + id).expect(200).object().getJsonObject("attributes")
                .getString("speaker")).isEqualTo("first tab");
    }

    @Test
    void managerAssignsFromTheDashboardAndTheAnnotatorTakesTheNextDocument() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String annotator = "tom-" + suffix;
        Api admin = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        admin.post("/api/v1/users", "{\"login\":\"" + annotator + "\",\"displayName\":\"Tom Annotator\","
                + "\"password\":\"tom-password\"}").expect(201);
        long projectId = admin.post("/api/v1/projects", "{\"name\":\"Dashboard " + suffix + "\"}").expect(201)
                .object().getJsonNumber("id").longValue();
        admin.put("/api/v1/projects/" + projectId + "/members/" + annotator, "{\"roles\":[\"ANNOTATOR\"]}").expect(200);
        var imported = admin.upload("/api/v1/projects/" + projectId + "/documents", SEED,
                Path.of("test-data/seeds/002_f4ff472ac4b69fad.txt")).expect(200).array();
        long second = imported.getJsonObject(1).getJsonNumber("documentId").longValue();

        // The manager ticks the second article in the matrix and assigns it to Tom.
        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(base + "/dashboard.xhtml?project=" + projectId);
        assertThat(browser.byId("fig-documents").getText()).startsWith("2");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("[id='dashForm:matrix_data'] > tr"));
        assertThat(rows).hasSize(2);
        rows.get(1).findElement(By.cssSelector(".ui-chkbox-box")).click();
        browser.driver.findElement(By.xpath("//label[contains(., '" + annotator + "')]")).click();
        browser.byId("dashForm:assign").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dashForm:messages"), "Assigned: 1"));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dashForm:matrix"), "new"));
        browser.screenshot("dashboard-assigned");

        browser.driver.get(base + "/agreement.xhtml?project=" + projectId);
        assertThat(browser.byId("agreement-value").getText()).isEqualTo("not defined");
        assertThat(browser.byId("agreement-reason").getText()).isNotBlank();

        // Tom's work list shows the assigned article; "Next document" opens it in the editor.
        browser.signIn(base, annotator, "tom-password");
        browser.driver.get(base + "/my-work.xhtml?project=" + projectId);
        assertThat(browser.byId("workForm:work").getText()).contains("new");
        browser.byId("workForm:next").click();
        browser.wait.until(d -> d.getCurrentUrl().contains("annotate.xhtml?document=" + second));
        waitForEditor();
        assertThat(browser.byId("cs-my-work").getAttribute("href")).endsWith("/my-work.xhtml?project=" + projectId);
    }

    @Test
    void openingADocumentStartsCurationAndMergesUnanimousUnitsWhenTheProjectSaysSo() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Api admin = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        long projectId = admin.post("/api/v1/projects", "{\"name\":\"Auto-merge " + suffix + "\"}").expect(201)
                .object().getJsonNumber("id").longValue();
        admin.put("/api/v1/projects/" + projectId + "/settings", "{\"autoMergeUnanimous\":true}").expect(200);
        long documentId = admin.upload("/api/v1/projects/" + projectId + "/documents", SEED).expect(200).array()
                .getJsonObject(0).getJsonNumber("documentId").longValue();
        for (String login : List.of("ua-" + suffix, "ub-" + suffix)) {
            admin.post("/api/v1/users", "{\"login\":\"" + login + "\",\"password\":\"pw-" + login + "\"}").expect(201);
            admin.put("/api/v1/projects/" + projectId + "/members/" + login, "{\"roles\":[\"ANNOTATOR\"]}").expect(200);
            Api annotator = Api.basic(app, login, "pw-" + login);
            annotator.post("/api/v1/documents/" + documentId + "/annotations",
                    "{\"start\":0,\"end\":30,\"category\":\"LEGAL_ASSERTION\"}").expect(201);
            annotator.put("/api/v1/documents/" + documentId + "/state", "{\"state\":\"FINISHED\"}").expect(200);
        }

        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(base + "/curate.xhtml?document=" + documentId);
        browser.wait.until(d -> "IN_PROGRESS".equals(d.findElement(By.id("cs-curation")).getAttribute("data-state")));
        browser.wait.until(d -> ((Number) js("return window.claimscopeCuration.curated().length;")).intValue() == 1);
        var curated = admin.get("/api/v1/documents/" + documentId + "/curation").expect(200).object()
                .getJsonArray("curated");
        assertThat(curated).hasSize(1);
        assertThat(curated.getJsonObject(0).getString("category")).isEqualTo("LEGAL_ASSERTION");
    }

    @Test
    void managerCorrectsMetadataInTheDialogAndFiltersTheTableByOutlet() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Api admin = Api.basic(app, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        long projectId = admin.post("/api/v1/projects", "{\"name\":\"Metadata " + suffix + "\"}").expect(201)
                .object().getJsonNumber("id").longValue();
        var imported = admin.upload("/api/v1/projects/" + projectId + "/documents", SEED,
                Path.of("test-data/seeds/002_f4ff472ac4b69fad.txt")).expect(200).array();
        long first = imported.getJsonObject(0).getJsonNumber("documentId").longValue();
        long second = imported.getJsonObject(1).getJsonNumber("documentId").longValue();
        admin.patch("/api/v1/documents/" + second + "/metadata", "{\"siteName\":\"Other Outlet\"}").expect(200);

        browser.signIn(base, Deployments.ADMIN, Deployments.ADMIN_PASSWORD);
        browser.driver.get(base + "/project.xhtml?id=" + projectId);
        By rows = By.cssSelector("[id='documentsForm:documents_data'] > tr");
        assertThat(browser.driver.findElements(rows)).hasSize(2);
        browser.driver.findElements(rows).get(0).findElement(By.cssSelector("a.cs-edit-metadata")).click();

        // A bad language is refused in the dialog, which keeps what was typed.
        type("metadataForm:title", "Dock strike report");
        type("metadataForm:siteName", "Harbour Gazette");
        type("metadataForm:language", "not a language");
        browser.byId("metadataForm:save").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("metadataForm:messages"), "BCP 47"));
        assertThat(browser.byId("metadataForm:title").getAttribute("value")).isEqualTo("Dock strike report");

        // Someone else saves meanwhile: the dialog says so, keeps the entries and shows what is saved now.
        admin.patch("/api/v1/documents/" + first + "/metadata", "{\"author\":\"Desk Editor\"}").expect(200);
        type("metadataForm:language", "en-gb");
        browser.byId("metadataForm:save").click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("metadataForm:messages"),
                "Someone else changed"));
        assertThat(browser.byId("metadataForm:title").getAttribute("value")).isEqualTo("Dock strike report");
        assertThat(browser.byId("metadataForm:siteName").getAttribute("value")).isEqualTo("Harbour Gazette");
        assertThat(browser.byId("metadataForm:saved").getText()).contains("Desk Editor");
        browser.screenshot("metadata-stale");
        assertThat(admin.get("/api/v1/documents/" + first + "/metadata").expect(200).object().getString("title"))
                .isNotEqualTo("Dock strike report");

        // Saving again replaces the values; the dialog closes and the table shows them.
        browser.byId("metadataForm:save").click();
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("metadataDialog")));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("documentsForm:documents"),
                "Harbour Gazette"));
        assertThat(browser.byId("documentsForm:documents").getText()).contains("Dock strike report").contains("en-GB");
        var saved = admin.get("/api/v1/documents/" + first + "/metadata").expect(200).object();
        assertThat(saved.getString("title")).isEqualTo("Dock strike report");
        assertThat(saved.getJsonObject("metadata").getString("siteName")).isEqualTo("Harbour Gazette");
        assertThat(saved.getJsonObject("metadata").getString("language")).isEqualTo("en-GB");

        // After a reload the outlet filter offers both outlets; choosing one leaves its document alone in the table.
        browser.driver.get(base + "/project.xhtml?id=" + projectId);
        @SuppressWarnings("unchecked")
        List<String> outlets = (List<String>) js("return Array.from(document.getElementById("
                + "'documentsForm:filterOutlet_input').options).map(function (o) { return o.text; });");
        assertThat(outlets).containsExactly("Any outlet", "Harbour Gazette (1)", "Other Outlet (1)");
        // open the menu and click the entry once its panel has finished opening (a click during the animation is lost)
        By entry = By.xpath("//li[contains(@class,'ui-selectonemenu-item') and contains(., 'Harbour Gazette')]");
        browser.wait.until(d -> {
            if (d.findElement(By.id("documentsForm:filterOutlet_label")).getText().contains("Harbour Gazette")) {
                return true;
            }
            List<WebElement> shown = d.findElements(entry).stream().filter(WebElement::isDisplayed).toList();
            if (shown.isEmpty()) {
                d.findElement(By.id("documentsForm:filterOutlet")).click();
            } else if (Boolean.FALSE.equals(js("return jQuery(PrimeFaces.escapeClientId("
                    + "'documentsForm:filterOutlet_panel')).is(':animated');"))) {
                shown.get(0).click();
            }
            return false;
        });
        try {
            browser.wait.until(d -> d.findElements(rows).size() == 1);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not filtered; messages: " + browser.driver.findElement(By.id(
                    "documentsForm:documentMessages")).getText() + "; selected: " + js("return document.getElementById("
                    + "'documentsForm:filterOutlet_input').value;") + "; console: "
                    + browser.driver.manage().logs().get("browser").getAll(), e);
        }
        String table = browser.byId("documentsForm:documents").getText();
        assertThat(table).contains("Dock strike report").doesNotContain("Other Outlet");
        browser.screenshot("metadata-filtered");
    }

    private void type(String id, String text) {
        WebElement input = browser.byId(id);
        input.clear();
        input.sendKeys(text);
    }

    private void waitForEditor() {
        browser.wait.until(d -> "true".equals(d.findElement(By.id("cs-editor")).getAttribute("data-ready")));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    private static int codePoints(String s, int charIndex) {
        return s.codePointCount(0, charIndex);
    }
}
