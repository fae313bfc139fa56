package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The hosted connect page in a real headless Chromium, opened as a popup by the frontend stand-in from a connect
 * session's URL: Walmart connected through its generated form (a field error first), Amazon Ads through its OAuth
 * flow in the same window (Login with Amazon and the Ads API's profiles played by the base class's WireMock
 * stand-in, which plays Walmart's token service too) with a profile chosen, the cards turning CONNECTED, and each
 * outcome posted to the opener on the session's origin; a used and an expired link; Slack's install, whose app is not
 * configured in this application, refused without leaving an integration behind. axe-core runs on every page shown.
 * {@code ConnectFlowsBrowserTest} drives the page's other flows.
 */
// A state lives a minute and Login with Amazon may take 15 seconds: a browser on a busy machine is slow.
@TestPropertySource(properties = {"tether.amazon.oauth.state-lifetime=60s", "tether.amazon.lwa.read-timeout=15s"})
class ConnectPageBrowserTest extends OAuthEndToEndTest {

    private static final String ACCESS_TOKEN = "Atza|connect-page";

    private Browser chromium;
    private WebDriver browser;
    private ConnectPage page;

    @DynamicPropertySource
    static void adsApiStandIn(DynamicPropertyRegistry registry) {
        registry.add("tether.providers.amazon-ads.base-url-eu", () -> LWA.baseUrl() + "/ads");
        registry.add("tether.providers.walmart.base-url", () -> LWA.baseUrl() + "/walmart");
    }

    @BeforeEach
    void startChromium() {
        chromium = Browser.startOrSkip();
        browser = chromium.driver();
        page = new ConnectPage(chromium);
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aConnectSession_connectsWalmartThroughItsForm_andAmazonAdsThroughOAuth_andReportsToItsOpener() {
        Api api = newOrganization();
        page.openAsPopup(FRONTEND.origin(), connectSession(api));

        // The gallery: the token has left the address bar.
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().endsWith("/connect/gallery"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Connect your integrations");
        assertThat(browser.findElement(By.id("end-user")).getText()).isEqualTo("Ada Lovelace");
        assertThat(browser.findElements(By.cssSelector(".card h2")).stream().map(WebElement::getText))
                .containsExactly("Walmart Marketplace", "Amazon Ads");
        chromium.assertAccessible();

        // Walmart's token service (the stand-in) mints tokens for the client ID and secret the form will carry.
        LWA.stubFor(post(urlEqualTo("/walmart/v3/token")).withHeader("Authorization", equalTo("Basic "
                        + Base64.getEncoder().encodeToString("a1b2c3d4-walmart:walmart-secret".getBytes(StandardCharsets.UTF_8))))
                .willReturn(okJson("{\"access_token\":\"eyJ-walmart-token\",\"token_type\":\"Bearer\",\"expires_in\":900}")));

        // Walmart: a client ID the catalog's schema refuses, shown beside its field.
        chromium.follow(card("walmart-mp-api").findElement(By.linkText("Connect")));
        chromium.assertAccessible();
        browser.findElement(By.id("name")).sendKeys("Walmart US");
        new Select(browser.findElement(By.id("region"))).selectByValue("US");
        browser.findElement(By.id("credentials-client_id")).sendKeys("not a client id!");
        browser.findElement(By.id("credentials-client_secret")).sendKeys("walmart-secret");
        chromium.follow(browser.findElement(By.id("connect")));

        WebElement clientId = browser.findElement(By.id("credentials-client_id"));
        assertThat(clientId.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(clientId.getAttribute("aria-describedby")).contains("credentials-client_id-error");
        assertThat(browser.findElement(By.id("credentials-client_id-error")).getText()).contains("wrong format");
        assertThat(browser.findElement(By.id("credentials-client_secret")).getAttribute("aria-invalid")).isNull();
        assertThat(browser.getPageSource()).doesNotContain("walmart-secret");
        chromium.assertAccessible();
        chromium.script("arguments[0].scrollIntoView({block: 'center'});", clientId);
        chromium.screenshot("connect-form-errors");

        browser.findElement(By.id("credentials-client_id")).clear();
        browser.findElement(By.id("credentials-client_id")).sendKeys("a1b2c3d4-walmart");
        browser.findElement(By.id("credentials-client_secret")).sendKeys("walmart-secret");
        chromium.follow(browser.findElement(By.id("connect")));

        String walmartId = page.reportedId();
        assertThat(card("walmart-mp-api").findElement(By.cssSelector(".status")).getText()).isEqualTo("CONNECTED");
        page.awaitMessage(Map.of("type", "tether:connect", "integration", "walmart-mp-api", "status", "success",
                "account_id", walmartId));

        // Amazon Ads: the flow in the same window, back through Tether's callback to the gallery.
        chromium.follow(card("ads-api").findElement(By.linkText("Connect")));
        browser.findElement(By.id("name")).sendKeys("EU Ads");
        new Select(browser.findElement(By.id("region"))).selectByValue("EU");
        chromium.follow(browser.findElement(By.id("connect")));
        chromium.assertAccessible();
        URI amazon = URI.create(browser.findElement(By.id("authorize")).getAttribute("href"));
        assertThat(amazon.getHost()).isEqualTo("eu.account.amazon.com");
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|connect-page-" + UUID.randomUUID(), ACCESS_TOKEN, 3600));
        LWA.stubFor(get(urlEqualTo("/ads/v2/profiles")).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(okJson("""
                        [{"profileId":3411245632,"countryCode":"DE","currencyCode":"EUR","timezone":"Europe/Paris",
                          "accountInfo":{"marketplaceStringId":"A1PA6795UKMFR9","id":"A2EXAMPLE","type":"seller","name":"Shop DE"}},
                         {"profileId":3411245633,"countryCode":"FR","currencyCode":"EUR","timezone":"Europe/Paris",
                          "accountInfo":{"marketplaceStringId":"A13V1IB3VIYZZH","id":"A2EXAMPLE","type":"seller","name":"Shop FR"}}]""")));
        // Amazon, once the user has signed in, sends the browser to Tether's callback with a code and the state.
        browser.get(http.getRootUri() + "/integrations/ads/callback?code=" + code + "&state="
                + queryOf(amazon).get("state"));

        String adsId = page.reportedId();
        assertThat(card("ads-api").findElement(By.cssSelector(".status")).getText()).isEqualTo("CONNECTED");
        page.awaitMessage(Map.of("type", "tether:connect", "integration", "ads-api", "status", "success",
                "account_id", adsId));

        // The profile workers act for, chosen on the account's page once Amazon has listed them.
        chromium.follow(card("ads-api").findElement(By.partialLinkText("EU Ads")));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.navigate().refresh();
            return !browser.findElements(By.id("profile-1")).isEmpty();
        });
        chromium.assertAccessible();
        browser.findElement(By.cssSelector("label[for=profile-1]")).click();
        chromium.follow(browser.findElement(By.id("choose-profile")));
        assertThat(page.reportedId()).isEqualTo(adsId);
        assertThat(api.get("/integrations/accounts/" + adsId + "/ads-profiles").body().get("profile_id").asText())
                .isEqualTo("3411245633");

        assertThat(card("walmart-mp-api").findElement(By.cssSelector(".status")).getText()).isEqualTo("CONNECTED");
        chromium.screenshot("connect-gallery");
        chromium.narrow();
        assertThat(chromium.script("return document.documentElement.scrollWidth <= window.innerWidth;")).isEqualTo(true);
        chromium.assertAccessible();

        // The end user the session named is in the audit metadata of what the page did.
        UUID organization = UUID.fromString(api.get("/integrations/accounts/" + walmartId).body()
                .get("organization_id").asText());
        JsonNode created = new Api(http, Tokens.forOrganization(organization, "auditor"))
                .get("/audit/accounts/" + walmartId + "/events").body().get("events").get(0).get("metadata");
        assertThat(created.get("end_user_id").asText()).isEqualTo("user-4711");
        assertThat(created.get("end_user_name").asText()).isEqualTo("Ada Lovelace");
        assertThat(created.get("actor").asText()).isEqualTo("alice");

        // Done: the opener hears it, and the page closes.
        browser.findElement(By.id("done")).click();
        browser.switchTo().window(page.frontend());
        page.awaitMessage(Map.of("type", "tether:connect-done", "status", "done"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getWindowHandles().size() == 1);
        assertThat(page.received()).allSatisfy(message -> assertThat(message.get("origin")).isEqualTo(http.getRootUri()));
        assertThat(page.received().toString()).doesNotContain("walmart-secret").doesNotContain("Atzr").doesNotContain("Atza");
    }

    @Test
    void aUsedLink_andAnExpiredOne_sayWhich_andOpenNothing() {
        Api api = newOrganization();
        String used = connectSession(api);
        browser.get(used);
        assertThat(browser.getCurrentUrl()).endsWith("/connect/gallery");
        browser.manage().deleteAllCookies();

        browser.get(used);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link was already used");
        assertThat(browser.manage().getCookies()).isEmpty();
        chromium.assertAccessible();

        String expired = connectSession(api);
        String token = expired.substring(expired.indexOf("session=") + "session=".length());
        jdbc.update("UPDATE connect_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                ConnectSessionTest.sha256(token));
        browser.get(expired);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
        chromium.narrow();
        chromium.assertAccessible();
        browser.get(http.getRootUri() + "/connect/gallery");
        assertThat(browser.findElement(By.id("refusal")).getText()).contains("Open a new link");
    }

    @Test
    void anOAuthFlowThatCannotStart_leavesNoConnectionBehind_andThePageSaysWhy() {
        // Slack's app is not configured in this application: its install cannot start.
        UUID organization = UUID.randomUUID();
        Api admin = new Api(http, Tokens.forOrganization(organization));
        browser.get(connectSession(admin, "\"slack\""));
        chromium.follow(card("slack").findElement(By.linkText("Connect")));
        assertThat(browser.findElements(By.cssSelector("form label")).stream().map(WebElement::getText))
                .containsExactly("Display name", "Default channel", "Account connected", "Account disconnected",
                        "Account failed", "Account deleted");
        chromium.assertAccessible();
        browser.findElement(By.id("name")).sendKeys("Team Slack");
        browser.findElement(By.id("config-default_channel")).sendKeys("#integrations");
        browser.findElement(By.cssSelector("label[for=config-notify_on-account_failed]")).click();
        chromium.follow(browser.findElement(By.id("connect")));

        assertThat(browser.findElement(By.id("form-errors")).getText()).contains("Slack's app install is not configured");
        assertThat(browser.findElement(By.id("config-default_channel")).getAttribute("value")).isEqualTo("#integrations");
        assertThat(browser.findElement(By.id("config-notify_on-account_failed")).isSelected()).isTrue();
        chromium.assertAccessible();

        // Nothing is left: the integration the page created is deleted again, on the record with who did it.
        assertThat(admin.get(GlobalIntegrations.PATH).body().get("items")).isEmpty();
        Api auditor = new Api(http, Tokens.forOrganization(organization, "auditor"));
        JsonNode deleted = await().atMost(Duration.ofSeconds(20)).until(() -> auditor
                .get("/audit/events?event_type=GlobalIntegrationDeletedEvent").body().get("items"), items -> items.size() == 1);
        JsonNode events = auditor.get("/audit/global/" + deleted.get(0).get("aggregate_id").asText() + "/events")
                .body().get("events");
        // (The key's destruction may follow, recorded by Tether itself.)
        assertThat(events.findValuesAsText("type")).startsWith("GlobalIntegrationCreatedEvent",
                "GlobalIntegrationDeletedEvent");
        for (JsonNode event : List.of(events.get(0), events.get(1))) {
            assertThat(event.get("metadata").get("end_user_id").asText()).isEqualTo("user-4711");
            assertThat(event.get("metadata").get("actor").asText()).isEqualTo("alice");
        }
        assertThat(events.get(1).get("metadata").get("command").asText()).isEqualTo("DeleteGlobalIntegrationCommand");
        chromium.follow(browser.findElement(By.linkText("Back to all integrations")));
        assertThat(card("slack").getText()).contains("Not connected yet.");
    }

    private String connectSession(Api api) {
        return connectSession(api, "\"walmart-mp-api\", \"ads-api\"");
    }

    /** A connect session offering these slugs (a JSON array's elements), for Ada Lovelace, reporting to the frontend. */
    static String connectSession(Api api, String integrations) {
        Api.Response created = api.post("/integrations/connect-sessions", """
                {"integrations": [%s], "end_user": {"id": "user-4711",
                 "display_name": "Ada Lovelace"}, "origin": "%s"}""".formatted(integrations, FRONTEND.origin()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("url").asText();
    }

    private WebElement card(String slug) {
        return page.card(slug);
    }
}
