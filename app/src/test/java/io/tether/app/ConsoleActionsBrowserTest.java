package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The console's actions in a real Chromium, each behind its confirmation, and what a page shows afterwards: an
 * account tested at Login with Amazon (the base class's WireMock stand-in), its key rotated, disconnected and deleted;
 * a global integration on its own page, tested at GitHub (the same stand-in speaking GitHub's {@code GET /user}), its
 * webhook secret rotated and shown once, disconnected and deleted. A deleted one's page shows its history to an
 * auditor. axe-core on every page shown.
 */
// Login with Amazon may take long to answer on a busy machine.
@TestPropertySource(properties = "tether.amazon.lwa.read-timeout=15s")
class ConsoleActionsBrowserTest extends OAuthEndToEndTest {

    private Browser browser;

    @DynamicPropertySource
    static void gitHubStandIn(DynamicPropertyRegistry registry) {
        registry.add("tether.providers.github.base-url", () -> LWA.baseUrl() + "/github");
    }

    @BeforeEach
    void startBrowser() {
        browser = Browser.startOrSkip();
    }

    @AfterEach
    void closeBrowser() {
        // null where the browser's assumption skipped the test
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdmin_testsRotatesDisconnectsAndDeletesAnAccount_eachConfirmed_andSeesEachOutcomeInItsTimeline() {
        UUID organization = UUID.randomUUID();
        Api admin = api(organization, "admin");
        String refreshToken = "Atzr|console-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|console-checked", 3600));
        String accountId = admin.post("/integrations/accounts", EndToEndTest.adsAccount("Console Ads"))
                .body().get("id").asText();
        Response connected = admin.post("/integrations/accounts/" + accountId + "/connect",
                "{\"credentials\":{\"refresh_token\":\"" + refreshToken + "\"}}");
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        admin.get("/integrations/accounts/" + accountId, connected.position());
        Instant whileConnected = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        await().until(() -> Instant.now().isAfter(whileConnected.plusMillis(5)));

        signIn(organization, "admin", "auditor");
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Console Ads")));
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("CONNECTED");
        browser.assertAccessible();

        confirm("verify", "Test connection: Console Ads?");
        assertThat(outcome()).isEqualTo("Test connection: done.");
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("CONNECTED");
        assertThat(timeline()).contains("AccountCredentialsVerifiedEvent");
        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).as("Login with Amazon was asked").isNotEmpty();
        browser.assertAccessible();

        confirm("rotate-key", "Rotate key: Console Ads?");
        assertThat(outcome()).isEqualTo("Rotate key: done.");
        assertThat(timeline()).contains("AccountKeyRotatedEvent");

        confirm("disconnect", "Disconnect: Console Ads?");
        assertThat(outcome()).isEqualTo("Disconnect: done.");
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("DISCONNECTED");
        assertThat(timeline()).contains("AccountDisconnectedEvent");

        confirm("delete", "Delete: Console Ads?");

        // Gone from the read model, the account's page is its history.
        assertThat(outcome()).isEqualTo("Delete: done.");
        assertThat(page.findElement(By.id("deleted")).getText()).contains("Console Ads was deleted");
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("DELETED");
        assertThat(page.findElements(By.cssSelector("[id^=action-]"))).as("nothing can be done to it").isEmpty();
        assertThat(timeline()).contains("AccountCreatedEvent", "AccountConnectedEvent", "AccountDeletedEvent");
        assertThat(page.getPageSource()).doesNotContain(refreshToken, "Atza|console-checked");
        browser.assertAccessible();
        showStateAt(whileConnected);
        assertThat(page.findElement(By.id("state-status")).getText()).isEqualTo("CONNECTED");
        assertThat(page.findElement(By.id("status")).getText()).as("and now").isEqualTo("DELETED");
        browser.assertAccessible();
        browser.screenshot("console-deleted-account");
        assertThat(admin.get("/integrations/accounts/" + accountId).status()).isEqualTo(404);

        // An admin who is no auditor may not read its history: the API's 404 stands.
        signIn(organization, "admin");
        page.get(http.getRootUri() + "/console/accounts/" + accountId);
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Account not found");
        browser.assertAccessible();
    }

    @Test
    void aGlobalIntegration_hasItsOwnPage_withItsTimeline_stateAtAnInstant_andTheApisActions() {
        UUID organization = UUID.randomUUID();
        Api admin = api(organization, "admin");
        String token = "ghp_console" + UUID.randomUUID().toString().replace("-", "");
        LWA.stubFor(get(urlEqualTo("/github/user")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"login\":\"octocat\",\"id\":1}")));
        Response created = admin.post("/integrations/global",
                "{\"service_name\":\"github\",\"display_name\":\"Console GitHub\",\"credentials\":{\"token\":\"" + token + "\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String integrationId = created.body().get("id").asText();
        String firstSecret = created.body().get("webhook_secret").asText();
        admin.get("/integrations/global/" + integrationId, created.position());
        Instant whileConnected = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        await().until(() -> Instant.now().isAfter(whileConnected.plusMillis(5)));

        signIn(organization, "admin", "auditor");
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Console GitHub")));
        assertThat(page.getCurrentUrl()).endsWith("/console/global/" + integrationId);
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("CONNECTED");
        assertThat(timeline()).contains("GlobalIntegrationCreatedEvent", "sealed");
        browser.assertAccessible();

        confirm("verify", "Test connection: Console GitHub?");
        assertThat(outcome()).isEqualTo("Test connection: done.");
        assertThat(timeline()).contains("GlobalIntegrationCredentialsVerifiedEvent");
        LWA.verify(getRequestedFor(urlEqualTo("/github/user")).withHeader("Authorization", equalTo("Bearer " + token)));

        // The new secret is shown on the answer, once.
        confirm("rotate-secret", "Rotate webhook secret: Console GitHub?");
        String secret = page.findElement(By.id("webhook-secret")).getText();
        assertThat(secret).matches("[0-9a-f]{64}").isNotEqualTo(firstSecret);
        browser.assertAccessible();
        browser.follow(page.findElement(By.id("back")));
        assertThat(timeline()).contains("WebhookSecretRotatedEvent");
        assertThat(page.getPageSource()).doesNotContain(secret, token);

        confirm("disconnect", "Disconnect: Console GitHub?");
        assertThat(outcome()).isEqualTo("Disconnect: done.");
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("DISCONNECTED");
        assertThat(timeline()).contains("GlobalIntegrationDisconnectedEvent");

        confirm("delete", "Delete: Console GitHub?");

        assertThat(page.findElement(By.id("deleted")).getText()).contains("Console GitHub was deleted");
        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("DELETED");
        assertThat(page.findElements(By.cssSelector("[id^=action-]"))).isEmpty();
        assertThat(timeline()).contains("GlobalIntegrationDeletedEvent");
        showStateAt(whileConnected);
        assertThat(page.findElement(By.id("state-status")).getText()).isEqualTo("CONNECTED");
        browser.assertAccessible();
        browser.narrow();
        page.navigate().refresh();
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as(() -> "wider than the screen: " + browser.script("return [...document.querySelectorAll('main *')]"
                        + ".filter(e => e.getBoundingClientRect().right > window.innerWidth)"
                        + ".map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40)).slice(-5).join(' | ');"))
                .isEqualTo(true);
        browser.assertAccessible();
    }

    /** Opens the action's confirmation (checked for accessibility), then confirms it, unless it asks for more first. */
    private void confirm(String action, String question) {
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.id("action-" + action)));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo(question);
        browser.assertAccessible();
        if (action.equals("rotate-secret")) {
            assertThat(page.findElement(By.id("webhook_secret")).getAttribute("type")).isEqualTo("password");
        }
        browser.follow(page.findElement(By.id("confirm")));
    }

    private String outcome() {
        return browser.driver().findElement(By.cssSelector("main [role=status]")).getText();
    }

    private String timeline() {
        return browser.driver().findElement(By.id("timeline")).getText();
    }

    private void showStateAt(Instant instant) {
        browser.script("document.getElementById('at').value = arguments[0];",
                LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString());
        browser.follow(browser.driver().findElement(By.id("show-state")));
    }

    private void signIn(UUID organization, String... roles) {
        ConsoleBrowserTest.signIn(browser, http, organization, roles);
    }

    private Api api(UUID organization, String... roles) {
        return new Api(http, Tokens.forOrganization(organization, roles));
    }
}
