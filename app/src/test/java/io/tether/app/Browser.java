package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages) for the tests of the
 * pages: started per test, and skipped, saying why, where it is not installed. {@link #assertAccessible()} runs
 * axe-core (Deque's Selenium integration) on the page shown; {@link #screenshot} keeps a picture of it.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The axe-core impacts that fail a page; "minor" and "moderate" are reported by axe but do not fail it. */
    private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");
    /** {@code -Dtether.screenshots.write=true} writes the pictures to docs/screenshots, to be committed; otherwise target/. */
    private static final boolean WRITE_DOCS = Boolean.getBoolean("tether.screenshots.write");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Call it from a {@code @BeforeEach}, not a {@code @BeforeAll}: JUnit reports a class whose {@code @BeforeAll}
     * assumption fails as no test run at all, where each test must show as skipped with the reason.
     */
    static Browser startOrSkip() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: pages are tested in a real browser only where Chromium and chromedriver are installed at "
                        + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian: apt-get install chromium chromium-driver); they are not on this machine.");
        try {
            Path profile = Files.createTempDirectory("tether-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** As a phone shows it: 360 CSS pixels wide. */
    void narrow() {
        driver.manage().window().setSize(new Dimension(360, 800));
    }

    /** axe-core's WCAG 2.0/2.1 A and AA rules on the page shown: no serious or critical violation. */
    void assertAccessible() {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        List<Rule> failing = results.getViolations().stream()
                .filter(rule -> FAILING_IMPACTS.contains(rule.getImpact()))
                .toList();
        assertThat(failing)
                .as(() -> "axe-core on " + driver.getCurrentUrl() + ":\n" + failing.stream()
                        .map(rule -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
                                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget()))
                                        .collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** A PNG of the page shown, named {@code name}.png, under target/screenshots (and docs/screenshots, see above). */
    Path screenshot(String name) {
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path target = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            if (WRITE_DOCS) {
                Files.copy(shot, Files.createDirectories(Path.of("..", "docs", "screenshots")).resolve(name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clicks a link or a form's button that leaves the page, and waits until the next page has replaced it: a click
     * returns once it is dispatched, and an element looked for right after it may be looked for on the page it left.
     */
    public void follow(WebElement element) {
        WebElement leaving = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(left -> hasLeft(leaving));
    }

    /**
     * Whether the element's document has been replaced. Selenium's {@code stalenessOf} knows only the stale-element
     * error; Chromium answers a query on a node of a document being replaced with an "unknown error" that says so.
     */
    private static boolean hasLeft(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        driver.quit();
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
