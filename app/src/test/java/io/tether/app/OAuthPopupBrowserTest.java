package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.springframework.test.context.TestPropertySource;

/**
 * The callback page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}
 * packages): opened as a popup by the frontend stand-in, it posts its result to the opener and closes;
 * opened without an opener, it reports on its BroadcastChannel and says what happened. Where Chromium is
 * not installed the tests are skipped, and say so. A state lives a minute here, not the 2 seconds of the
 * other OAuth tests: nothing here waits for an expiry, and a browser on a busy machine takes seconds to start.
 */
@TestPropertySource(properties = "tether.amazon.oauth.state-lifetime=60s")
class OAuthPopupBrowserTest extends OAuthEndToEndTest {

    private Browser chromium;
    private WebDriver browser;

    @BeforeEach
    void startChromium() {
        chromium = Browser.startOrSkip();
        browser = chromium.driver();
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void thePopup_postsStatusAndAccountToItsOpener_onTheFrontendsOrigin_andClosesItself() {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "EU");
        browser.get(FRONTEND.origin() + "/");
        String handleOfTheFrontend = browser.getWindowHandle();
        String callbackUrl = successfulCallbackUrl(api, accountId);
        script("window.callbackUrl = arguments[0];", callbackUrl);

        browser.findElement(By.id("connect")).click();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> !received().isEmpty());
        assertThat(received()).singleElement().satisfies(message -> {
            assertThat(message.get("origin")).isEqualTo(http.getRootUri());
            assertThat(message.get("data")).isEqualTo(Map.of(
                    "type", "tether:amazon-ads-oauth", "status", "success", "account_id", accountId));
        });
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.getWindowHandles().size() == 1);
        assertThat(browser.getWindowHandle()).isEqualTo(handleOfTheFrontend);
        assertThat(script("return window.popup.closed;")).isEqualTo(true);
        awaitStatus(api, accountId, "CONNECTED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutAnOpener_thePage_reportsOnItsBroadcastChannel_andSaysWhatHappened() {
        // A page of Tether's origin listens on the channel, as a frontend served from that origin would.
        browser.get(http.getRootUri() + "/integrations/ads/callback?state=none");
        script("window.broadcasts = [];"
                + "new BroadcastChannel('tether-oauth').onmessage = function (event) { window.broadcasts.push(event.data); };");
        String listener = browser.getWindowHandle();
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "EU");

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(successfulCallbackUrl(api, accountId));

        assertThat(browser.findElement(By.id("message")).getText()).contains("The account is connected");
        browser.switchTo().window(listener);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !((List<?>) script("return window.broadcasts;")).isEmpty());
        assertThat((List<Object>) script("return window.broadcasts;")).containsExactly(Map.of(
                "type", "tether:amazon-ads-oauth", "status", "success", "account_id", accountId));
    }

    /** Starts the account's flow and answers the callback URL that Amazon would redirect to, its code exchangeable. */
    private String successfulCallbackUrl(Api api, String accountId) {
        Authorization authorization = authorize(api, "ads", accountId);
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|browser-" + UUID.randomUUID(), "Atza|browser", 3600));
        return http.getRootUri() + "/integrations/ads/callback?code=" + code + "&state=" + authorization.state();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> received() {
        return (List<Map<String, Object>>) script("return window.received;");
    }

    private Object script(String javascript, Object... arguments) {
        return chromium.script(javascript, arguments);
    }
}
