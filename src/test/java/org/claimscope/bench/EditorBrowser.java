package org.claimscope.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver: Selenium downloads nothing, and the
 * browser talks only to the benchmark's server on loopback.
 */
final class EditorBrowser implements AutoCloseable {
    /** Waits in the page for the editor's ready flag and answers with the moment it was set. */
    private static final String AWAIT_READY = """
            var rootId = arguments[0], global = arguments[1];
            var done = arguments[arguments.length - 1];
            var started = Date.now();
            function message() {
              var m = document.getElementById('cs-message');
              return m && m.textContent && m.textContent.trim();
            }
            (function check() {
              var root = document.getElementById(rootId);
              if (root && root.dataset.ready === 'true' && window[global]) {
                done(JSON.stringify({readyAt: window[global].readyAt}));
              } else if (Date.now() - started > 30000 || (Date.now() - started > 2000 && message())) {
                var m = document.getElementById('cs-message');
                done(JSON.stringify({error: 'the editor was not ready ' + Math.round((Date.now() - started) / 1000)
                    + ' s after the page loaded'
                    + (m && m.textContent ? ': ' + m.textContent : '')
                    + (root ? '' : ' (there is no #' + rootId + ' on ' + location.pathname + ')')}));
              } else {
                setTimeout(check, 5);
              }
            })();
            """;

    /** What the page knows about its own loading, read after the measurement. */
    private static final String DETAILS = """
            var n = performance.getEntriesByType('navigation')[0] || {};
            var ed = window[arguments[0]];
            return JSON.stringify({
              responseStart: n.responseStart || 0,
              responseEnd: n.responseEnd || 0,
              domContentLoaded: n.domContentLoadedEventEnd || 0,
              annotations: ed && ed.annotations ? ed.annotations().length : ed && ed.units ? ed.units().length : -1,
              timings: ed && ed.timings ? JSON.stringify(ed.timings) : ''
            });
            """;

    /** Held here: java.util.logging keeps loggers only weakly, and a collected logger forgets its level. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private final Path profile;
    private final WebDriver driver;

    /** Starts Chromium with {@code profile} as its user data directory (a fresh, empty directory). */
    EditorBrowser(Path target, Path profile) {
        SELENIUM_LOG.setLevel(Level.WARNING);
        // chromedriver is Debian's, newer than this Selenium's DevTools bindings; the benchmark needs none of them
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        this.profile = profile;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withLogFile(target.resolve("benchmark-chromedriver.log").toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(40));
    }

    void signIn(String base, String login, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(base + "/login.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:username"))).sendKeys(login);
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
        try {
            wait.until(d -> !d.getCurrentUrl().contains("login.xhtml"));
        } catch (RuntimeException e) {
            screenshot(Path.of("target", "benchmark-login.png"));
            throw new IllegalStateException("signing in as " + login + " through login.xhtml did not succeed "
                    + "(screenshot: target/benchmark-login.png)", e);
        }
    }

    /** Opens (or reloads) the annotation editor and waits for its ready flag. */
    PageLoad load(String url, boolean reload) {
        return load(url, reload, "cs-editor", "claimscopeEditor");
    }

    /**
     * Opens (or reloads) a page and waits until the element {@code rootId} says it is ready and the
     * page's object {@code window[global]} gives its {@code readyAt}; {@code annotations} of the
     * result counts the editor's annotations or the adjudication page's units.
     */
    PageLoad load(String url, boolean reload, String rootId, String global) {
        long t0 = System.nanoTime();
        if (reload) {
            driver.navigate().refresh();
        } else {
            driver.get(url);
        }
        String answer = (String) ((JavascriptExecutor) driver).executeAsyncScript(AWAIT_READY, rootId, global);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        JsonObject ready = parse(answer);
        if (ready.containsKey("error")) {
            screenshot(Path.of("target", "benchmark-editor.png"));
            throw new IllegalStateException(ready.getString("error") + " (screenshot: target/benchmark-editor.png)");
        }
        JsonObject details = parse((String) ((JavascriptExecutor) driver).executeScript(DETAILS, global));
        return new PageLoad(ready.getJsonNumber("readyAt").doubleValue(), wallMs,
                details.getJsonNumber("responseStart").doubleValue(), details.getJsonNumber("responseEnd").doubleValue(),
                details.getJsonNumber("domContentLoaded").doubleValue(), details.getInt("annotations"),
                details.getString("timings"));
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    void screenshot(Path file) {
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // a missing picture must not hide the real failure
        }
    }

    /** Quits Chromium and chromedriver, giving up after 20 s (the caller then ends what is left by pid). */
    @Override
    public void close() {
        ExecutorService quitter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chromium-quit");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> quit = quitter.submit(driver::quit);
            quit.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("[benchmark] Chromium did not quit cleanly: " + e);
        } finally {
            quitter.shutdownNow();
        }
    }

    /** One load of the editor page; times in ms since navigation start, except wall. */
    record PageLoad(double readyAt, double wallMs, double responseStart, double responseEnd, double domContentLoaded,
                    int annotations, String editorTimings) {
    }
}
