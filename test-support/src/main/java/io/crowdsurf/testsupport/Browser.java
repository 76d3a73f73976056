package io.crowdsurf.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for page tests: Debian's {@code chromium}, driven through Debian's
 * {@code chromedriver} by Selenium. No browser download, no CDN: both binaries come from the machine
 * ({@code apt-get install -y chromium chromium-driver}; {@code .ci/run} installs them when missing).
 * Override the paths with {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN} (or the system properties
 * {@code crowdsurf.chromium} / {@code crowdsurf.chromedriver}).
 *
 * <p>Each instance starts its own browser with a fresh, deleted-on-close profile directory and the flags this
 * closed network needs (no background networking, no component updates, no sync: otherwise Chromium keeps
 * dialling Google's hosts). Waits are for conditions, never for time:
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *     browser.open(baseUrl + "/alerts/new");
 *     browser.type("#latitude", "95");
 *     browser.click("#create");
 *     browser.waitForText("#latitude-error", t -> t.contains("between -90 and 90"));
 *     browser.screenshot(Path.of("target/screenshots/alert-form.png"));
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    /** Long enough for a cold page on a busy 2-core machine; the waits return as soon as the condition holds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final Duration timeout;

    private Browser(ChromeDriver driver, Path profile, Duration timeout) {
        this.driver = driver;
        this.profile = profile;
        this.timeout = timeout;
    }

    /** True when both binaries are present, for tests that explain a missing install instead of failing obscurely. */
    public static boolean available() {
        return new File(chromiumBinary()).canExecute() && new File(driverBinary()).canExecute();
    }

    public static Browser start() {
        return start(DEFAULT_TIMEOUT);
    }

    public static Browser start(Duration timeout) {
        if (!available()) {
            throw new IllegalStateException("Chromium not found at " + chromiumBinary() + " / chromedriver at "
                    + driverBinary() + ": apt-get install -y chromium chromium-driver (README, Prerequisites)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("crowdsurf-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromiumBinary());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(timeout).scriptTimeout(timeout);
        return new Browser(driver, profile, timeout);
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The first element matching a CSS selector, waiting until it exists and is displayed. */
    public WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clears the field and types into it. */
    public Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public Browser click(String css) {
        find(css).click();
        return this;
    }

    /** Selects an option of a {@code <select>} by its value. */
    public Browser select(String css, String value) {
        new org.openqa.selenium.support.ui.Select(find(css)).selectByValue(value);
        return this;
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Waits until the element's visible text satisfies the condition and returns that text. */
    public String waitForText(String css, java.util.function.Predicate<String> condition) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty()) {
                return null;
            }
            String text = found.get(0).getText();
            return condition.test(text) ? text : null;
        });
    }

    /** Waits until at least {@code count} elements match. */
    public List<WebElement> waitForCount(String css, int count) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.size() >= count ? found : null;
        });
    }

    /** Runs JavaScript in the page and returns its value (numbers come back as Long or Double). */
    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits until the function returns something other than null or false, and returns it. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    /** Saves a PNG of the viewport, creating parent directories; keep it under {@code target/} as test output. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The underlying driver, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static String chromiumBinary() {
        return setting("crowdsurf.chromium", "CHROMIUM_BIN", "/usr/bin/chromium");
    }

    private static String driverBinary() {
        return setting("crowdsurf.chromedriver", "CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp profile is harmless; the browser is already gone.
        }
    }
}
