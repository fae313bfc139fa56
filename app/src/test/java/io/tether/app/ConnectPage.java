package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The hosted connect page as the browser tests drive it: opened as a popup by the frontend stand-in, its cards, the
 * gallery's report after a connect, and the messages that reached the frontend's window.
 */
final class ConnectPage {

    private final Browser chromium;
    private final WebDriver browser;
    private String frontend;

    ConnectPage(Browser chromium) {
        this.chromium = chromium;
        this.browser = chromium.driver();
    }

    /** The frontend stand-in's page at this origin opens the URL as a popup; the browser is then on the popup. */
    void openAsPopup(String frontendOrigin, String url) {
        browser.get(frontendOrigin + "/");
        frontend = browser.getWindowHandle();
        chromium.script("window.callbackUrl = arguments[0];", url);
        browser.findElement(By.id("connect")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getWindowHandles().size() == 2);
        browser.switchTo().window(browser.getWindowHandles().stream().filter(handle -> !handle.equals(frontend))
                .findFirst().orElseThrow());
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("/connect/"));
    }

    /** The frontend's window. */
    String frontend() {
        return frontend;
    }

    WebElement card(String slug) {
        return browser.findElement(By.id("card-" + slug));
    }

    /** The gallery after a connect that succeeded: its URL names the connection it reported. */
    String reportedId() {
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("/connect/gallery?reported="));
        assertThat(browser.findElement(By.id("connect-report")).getText()).isEqualTo("Connected.");
        return browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("reported=") + "reported=".length());
    }

    /** Waits until the frontend has received the message; the browser stays on the page it was on. */
    void awaitMessage(Map<String, Object> message) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> received().stream().anyMatch(received -> message.equals(received.get("data"))));
    }

    /** Every message that reached the frontend's window, each {@code {origin, data}}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> received() {
        String page = browser.getWindowHandle();
        try {
            browser.switchTo().window(frontend);
            return (List<Map<String, Object>>) chromium.script("return window.received;");
        } finally {
            if (!page.equals(frontend) && browser.getWindowHandles().contains(page)) {
                browser.switchTo().window(page);
            }
        }
    }
}
