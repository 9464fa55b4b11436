package org.claimscope.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver: nothing is downloaded, and the
 * browser talks to nothing but the test server on loopback.
 */
public final class Browser implements AutoCloseable {
    public final WebDriver driver;
    public final WebDriverWait wait;
    private final Path profile;

    public Browser() {
        try {
            profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    public WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Faces ids contain colons, which CSS needs escaped. */
    public WebElement byId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    public void signIn(String base, String login, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/login.xhtml");
        byId("login:username").sendKeys(login);
        byId("login:password").sendKeys(password);
        byId("login:submit").click();
        wait.until(d -> !d.getCurrentUrl().contains("login.xhtml"));
    }

    /** Keeps a picture of the page for whoever reads a failed build. */
    public void screenshot(String name) {
        try {
            Path target = Path.of("target", "screenshots");
            Files.createDirectories(target);
            Files.write(target.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // a missing picture must not hide the real failure
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
