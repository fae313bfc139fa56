package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
 * The hosted connect page's other flows in a real headless Chromium: Seller Central, Vendor Central and Slack
 * connected through their OAuth flows (Login with Amazon played by the base class's WireMock stand-in, Slack's
 * {@code oauth.v2.access} and {@code auth.test} by {@link SlackStandIn}), each reported to the opener on the
 * session's origin and to no other; Slack tested, refused and installed again on its own page; an account tested
 * ("test connection"), put in ERROR by a refresh the stand-in refuses, and reconnected; Jira and ClickUp connected
 * through the forms their catalog schemas make, config fields included, Jira with a field error first, then tested,
 * refused and reconnected on its own page (their APIs played by the base class's stand-in too). axe-core runs on
 * every page shown.
 */
@TestPropertySource(properties = {"tether.amazon.oauth.state-lifetime=60s", "tether.amazon.lwa.read-timeout=15s"})
class ConnectFlowsBrowserTest extends OAuthEndToEndTest {

    private static final String SP_API_CALLBACK = "/integrations/sp-api/callback";
    private static final String SLACK_CALLBACK = "/integrations/slack/callback";

    private Browser chromium;
    private WebDriver browser;
    private ConnectPage page;

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("tether.slack.client-id", () -> SlackInstallTest.SLACK_CLIENT_ID);
        registry.add("tether.slack.client-secret", () -> SlackInstallTest.SLACK_CLIENT_SECRET);
        registry.add("tether.slack.redirect-uri", () -> SlackInstallTest.SLACK_REDIRECT_URI);
        registry.add("tether.providers.slack.base-url", SlackStandIn::apiBase);
        registry.add("tether.providers.jira.base-url", () -> LWA.baseUrl() + "/jira");
        registry.add("tether.providers.clickup.base-url", () -> LWA.baseUrl() + "/clickup");
        for (String region : List.of("na", "eu", "fe")) {
            registry.add("tether.providers.selling-partner.base-url-" + region, () -> LWA.baseUrl() + "/sp-api");
        }
    }

    @BeforeEach
    void startChromium() {
        chromium = Browser.startOrSkip();
        browser = chromium.driver();
        page = new ConnectPage(chromium);
        // The Selling Partner API's marketplace participations, fetched once an account is connected.
        LWA.stubFor(get(urlEqualTo("/sp-api/sellers/v1/marketplaceParticipations")).willReturn(okJson("""
                {"payload":[{"marketplace":{"id":"ATVPDKIKX0DER","countryCode":"US","name":"Amazon.com",
                  "defaultCurrencyCode":"USD","defaultLanguageCode":"en_US","domainName":"www.amazon.com"},
                  "participation":{"isParticipating":true,"hasSuspendedListings":false}}]}""")));
    }

    @AfterEach
    void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void sellerCentralVendorCentralAndSlack_connectThroughTheirFlows_andTheOpenerHearsEach() {
        Api api = newOrganization();
        page.openAsPopup(FRONTEND.origin(), ConnectPageBrowserTest.connectSession(api,
                "\"sp-api-sc\", \"sp-api-vc\", \"slack\""));
        assertThat(browser.findElements(By.cssSelector(".card h2")).stream().map(WebElement::getText))
                .containsExactly("Amazon Seller Central", "Amazon Vendor Central", "Slack");

        String sellerId = connectSellingPartner("sp-api-sc", "Seller NA", "NA", "https://sellercentral.amazon.com/",
                "Atzr|seller-" + UUID.randomUUID());
        String vendorId = connectSellingPartner("sp-api-vc", "Vendor EU", "EU", "https://vendorcentral.amazon.co.uk/",
                "Atzr|vendor-" + UUID.randomUUID());
        assertThat(page.card("sp-api-sc").getText()).contains("Seller NA (NA)").contains("CONNECTED");
        assertThat(page.card("sp-api-vc").getText()).contains("Vendor EU (EU)").contains("CONNECTED");

        // Slack: the install's config (where notifications go) from the form, the bot token from the install.
        chromium.follow(page.card("slack").findElement(By.linkText("Connect")));
        browser.findElement(By.id("name")).sendKeys("Ops Slack");
        browser.findElement(By.id("config-default_channel")).sendKeys("#integrations");
        browser.findElement(By.cssSelector("label[for=config-notify_on-account_failed]")).click();
        chromium.follow(browser.findElement(By.id("connect")));
        assertThat(browser.findElement(By.id("authorize")).getText()).isEqualTo("Continue to Slack");
        chromium.assertAccessible();
        URI slack = URI.create(browser.findElement(By.id("authorize")).getAttribute("href"));
        assertThat(slack.getHost() + slack.getPath()).isEqualTo("slack.com/oauth/v2/authorize");
        String code = newCode();
        String botToken = "xoxb-17653672481-" + UUID.randomUUID();
        SlackStandIn.SLACK.stubFor(post(urlEqualTo("/api/oauth.v2.access")).withRequestBody(containing("code=" + code))
                .willReturn(okJson(installed(botToken))));
        // Slack, once the user has allowed the install, sends the browser to Tether's callback.
        browser.get(http.getRootUri() + SLACK_CALLBACK + "?code=" + code + "&state=" + queryOf(slack).get("state"));

        String slackId = page.reportedId();
        assertThat(page.card("slack").getText()).contains("Ops Slack").contains("CONNECTED");
        page.awaitMessage(Map.of("type", "tether:connect", "integration", "slack", "status", "success",
                "global_integration_id", slackId));
        JsonNode integration = api.get(GlobalIntegrations.PATH + "/" + slackId).body();
        assertThat(integration.get("config").get("default_channel").asText()).isEqualTo("#integrations");
        assertThat(integration.get("config").get("notify_on")).hasSize(1);
        chromium.assertAccessible();

        assertThat(page.received()).extracting(message -> message.get("data")).containsExactly(
                Map.of("type", "tether:connect", "integration", "sp-api-sc", "status", "success", "account_id", sellerId),
                Map.of("type", "tether:connect", "integration", "sp-api-vc", "status", "success", "account_id", vendorId),
                Map.of("type", "tether:connect", "integration", "slack", "status", "success",
                        "global_integration_id", slackId));
        assertThat(page.received()).allSatisfy(message -> assertThat(message.get("origin")).isEqualTo(http.getRootUri()));
        assertThat(page.received().toString()).doesNotContain(botToken).doesNotContain("Atzr").doesNotContain("Atza");

        // Slack revokes the token: test connection on the integration's page says so, and the app is installed again.
        SlackStandIn.SLACK.stubFor(post(urlEqualTo("/api/auth.test")).withHeader("Authorization", equalTo("Bearer " + botToken))
                .willReturn(okJson("{\"ok\":false,\"error\":\"token_revoked\"}")));
        chromium.follow(page.card("slack").findElement(By.linkText("Ops Slack")));
        chromium.follow(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("integration-status")).getText()).isEqualTo("ERROR");
        assertThat(browser.findElement(By.id("integration-error")).getText()).contains("token_revoked");
        chromium.assertAccessible();
        chromium.follow(browser.findElement(By.id("reconnect")));
        URI again = URI.create(browser.findElement(By.id("authorize")).getAttribute("href"));
        String second = newCode();
        SlackStandIn.SLACK.stubFor(post(urlEqualTo("/api/oauth.v2.access")).withRequestBody(containing("code=" + second))
                .willReturn(okJson(installed("xoxb-17653672481-" + UUID.randomUUID()))));
        browser.get(http.getRootUri() + SLACK_CALLBACK + "?code=" + second + "&state=" + queryOf(again).get("state"));
        assertThat(page.reportedId()).isEqualTo(slackId);
        assertThat(page.card("slack").getText()).contains("Ops Slack").contains("CONNECTED");
    }

    @Test
    void aPageOpenedFromAnotherOrigin_thanTheSessions_tellsThatWindowNothing() {
        // The frontend stand-in again, at 127.0.0.1 instead of the session's localhost: another origin.
        String elsewhere = FRONTEND.origin().replace("localhost", "127.0.0.1");
        page.openAsPopup(elsewhere, ConnectPageBrowserTest.connectSession(newOrganization(), "\"slack\""));
        browser.findElement(By.id("done")).click();
        browser.switchTo().window(page.frontend());
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getWindowHandles().size() == 1);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> page.received().isEmpty());
    }

    @Test
    void anAccountInError_isTested_andReconnected_fromItsPage() {
        Api api = newOrganization();
        browser.get(ConnectPageBrowserTest.connectSession(api, "\"sp-api-sc\""));
        String refreshToken = "Atzr|tested-" + UUID.randomUUID();
        String accountId = connectSellingPartner("sp-api-sc", "Tested seller", "NA", "https://sellercentral.amazon.com/",
                refreshToken);

        // Test connection: Amazon takes the refresh token.
        chromium.follow(page.card("sp-api-sc").findElement(By.partialLinkText("Tested seller")));
        refreshAnswers(NA_TOKEN_PATH, refreshToken, tokens(null, "Atza|tested", 3600));
        chromium.follow(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("verified")).getText()).isEqualTo("The provider accepted the credentials.");
        assertThat(browser.findElement(By.id("account-status")).getText()).isEqualTo("CONNECTED");
        assertThat(browser.findElements(By.id("reconnect"))).isEmpty();
        chromium.assertAccessible();

        // Amazon no longer takes it: the account is in ERROR, says why, and offers to reconnect.
        refreshAnswers(NA_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));
        chromium.follow(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("verified")).getText()).isEqualTo("The provider refused the credentials.");
        assertThat(browser.findElement(By.id("account-status")).getText()).isEqualTo("ERROR");
        assertThat(browser.findElement(By.id("account-error")).getText()).contains("invalid_grant")
                .contains("Reconnect the account");
        chromium.assertAccessible();

        // Reconnect: Seller Central's consent again, back to the gallery with the account CONNECTED.
        chromium.follow(browser.findElement(By.id("reconnect")));
        chromium.assertAccessible();
        URI amazon = URI.create(browser.findElement(By.id("authorize")).getAttribute("href"));
        assertThat(amazon.toString()).startsWith("https://sellercentral.amazon.com/");
        String code = newCode();
        String renewed = "Atzr|renewed-" + UUID.randomUUID();
        tokenEndpointAnswers(NA_TOKEN_PATH, code, tokens(renewed, "Atza|renewed", 3600));
        browser.get(http.getRootUri() + SP_API_CALLBACK + "?spapi_oauth_code=" + code + "&state="
                + queryOf(amazon).get("state") + "&selling_partner_id=A3SELLER4TETHER");

        assertThat(page.reportedId()).isEqualTo(accountId);
        assertThat(page.card("sp-api-sc").getText()).contains("Tested seller (NA)").contains("CONNECTED");
        chromium.follow(page.card("sp-api-sc").findElement(By.partialLinkText("Tested seller")));
        assertThat(browser.findElement(By.id("account-status")).getText()).isEqualTo("CONNECTED");
        assertThat(browser.findElements(By.id("account-error"))).isEmpty();
        assertThat(eventsOf(accountId)).contains("AccountCredentialsRejectedEvent");
    }

    @Test
    void jiraAndClickUp_connectThroughFormsMadeFromTheCatalog_configIncluded_jiraWithAFieldErrorFirst() {
        Api api = newOrganization();
        page.openAsPopup(FRONTEND.origin(), ConnectPageBrowserTest.connectSession(api, "\"jira\", \"clickup\""));
        String jiraToken = "ATATT3x-" + UUID.randomUUID();
        LWA.stubFor(get(urlEqualTo("/jira/rest/api/3/myself")).withHeader("Authorization", equalTo(basic(jiraToken)))
                .willReturn(okJson("{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\",\"emailAddress\":\"ops@acme.example\"}")));

        // Jira: the site it lives at is part of the form, and a site that is not a Jira Cloud one is refused beside it.
        chromium.follow(page.card("jira").findElement(By.linkText("Connect")));
        assertThat(browser.findElements(By.cssSelector("form label")).stream().map(WebElement::getText)).containsExactly(
                "Display name", "Site URL (required)", "Project key", "Email (required)", "API token (required)");
        chromium.assertAccessible();
        browser.findElement(By.id("name")).sendKeys("Ops Jira");
        browser.findElement(By.id("config-site_url")).sendKeys("https://acme.example.com");
        browser.findElement(By.id("config-project_key")).sendKeys("OPS");
        browser.findElement(By.id("credentials-email")).sendKeys("ops@acme.example");
        browser.findElement(By.id("credentials-api_token")).sendKeys(jiraToken);
        chromium.follow(browser.findElement(By.id("connect")));

        WebElement site = browser.findElement(By.id("config-site_url"));
        assertThat(site.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(site.getAttribute("aria-describedby")).contains("config-site_url-error");
        assertThat(browser.findElement(By.id("config-site_url-error")).getText()).contains("wrong format");
        assertThat(site.getAttribute("value")).isEqualTo("https://acme.example.com");
        assertThat(browser.findElement(By.id("config-project_key")).getAttribute("value")).isEqualTo("OPS");
        assertThat(browser.findElement(By.id("credentials-api_token")).getAttribute("aria-invalid")).isNull();
        assertThat(browser.getPageSource()).doesNotContain(jiraToken);
        chromium.assertAccessible();

        site.clear();
        site.sendKeys("https://acme.atlassian.net");
        browser.findElement(By.id("credentials-email")).sendKeys("ops@acme.example");
        browser.findElement(By.id("credentials-api_token")).sendKeys(jiraToken);
        chromium.follow(browser.findElement(By.id("connect")));
        String jiraId = page.reportedId();
        assertThat(page.card("jira").getText()).contains("Ops Jira").contains("CONNECTED");
        page.awaitMessage(Map.of("type", "tether:connect", "integration", "jira", "status", "success",
                "global_integration_id", jiraId));
        JsonNode config = api.get(GlobalIntegrations.PATH + "/" + jiraId).body().get("config");
        assertThat(config.get("site_url").asText()).isEqualTo("https://acme.atlassian.net");
        assertThat(config.get("project_key").asText()).isEqualTo("OPS");
        // One Jira per organization: its card now leads to it, not to a second one.
        assertThat(page.card("jira").findElements(By.linkText("Connect another"))).isEmpty();

        // Test connection on the integration's page; then Jira refuses the token, and a new one reconnects it.
        chromium.follow(page.card("jira").findElement(By.linkText("Ops Jira")));
        chromium.follow(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("verified")).getText()).isEqualTo("The service accepted the credentials.");
        chromium.assertAccessible();
        LWA.stubFor(get(urlEqualTo("/jira/rest/api/3/myself")).withHeader("Authorization", equalTo(basic(jiraToken)))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[\"Client must be authenticated to access this resource.\"]}")));
        chromium.follow(browser.findElement(By.id("verify")));
        assertThat(browser.findElement(By.id("verified")).getText()).isEqualTo("The service refused the credentials.");
        assertThat(browser.findElement(By.id("integration-status")).getText()).isEqualTo("ERROR");
        assertThat(browser.findElement(By.id("integration-error")).getText()).contains("Jira did not accept");
        chromium.assertAccessible();
        chromium.follow(browser.findElement(By.id("reconnect")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reconnect Ops Jira");
        assertThat(browser.findElement(By.id("config-site_url")).getAttribute("value")).isEqualTo("https://acme.atlassian.net");
        chromium.assertAccessible();
        String newToken = "ATATT3x-new-" + UUID.randomUUID();
        LWA.stubFor(get(urlEqualTo("/jira/rest/api/3/myself")).withHeader("Authorization", equalTo(basic(newToken)))
                .willReturn(okJson("{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\"}")));
        browser.findElement(By.id("credentials-email")).sendKeys("ops@acme.example");
        browser.findElement(By.id("credentials-api_token")).sendKeys(newToken);
        chromium.follow(browser.findElement(By.id("connect")));
        assertThat(page.reportedId()).isEqualTo(jiraId);
        assertThat(page.card("jira").getText()).contains("Ops Jira").contains("CONNECTED");
        assertThat(api.get(GlobalIntegrations.PATH + "/" + jiraId).body().get("config").get("project_key").asText())
                .isEqualTo("OPS");

        // ClickUp: its workspace and list, and its token.
        String clickUpToken = "pk_" + UUID.randomUUID().toString().replace("-", "");
        LWA.stubFor(get(urlEqualTo("/clickup/api/v2/user")).withHeader("Authorization", equalTo(clickUpToken))
                .willReturn(okJson("{\"user\":{\"id\":123,\"username\":\"ops\"}}")));
        chromium.follow(page.card("clickup").findElement(By.linkText("Connect")));
        browser.findElement(By.id("config-workspace_id")).sendKeys("9012345");
        browser.findElement(By.id("config-list_id")).sendKeys("901200345678");
        browser.findElement(By.id("credentials-api_token")).sendKeys(clickUpToken);
        chromium.follow(browser.findElement(By.id("connect")));
        String clickUpId = page.reportedId();
        assertThat(page.card("clickup").getText()).contains("ClickUp").contains("CONNECTED");
        assertThat(api.get(GlobalIntegrations.PATH + "/" + clickUpId).body().get("config").get("workspace_id").asText())
                .isEqualTo("9012345");
        page.awaitMessage(Map.of("type", "tether:connect", "integration", "clickup", "status", "success",
                "global_integration_id", clickUpId));
        chromium.assertAccessible();
        assertThat(page.received().toString()).doesNotContain(jiraToken).doesNotContain(newToken)
                .doesNotContain(clickUpToken);
    }

    /** Slack's documented {@code oauth.v2.access} answer for an install with this bot token. */
    private static String installed(String botToken) {
        return """
                {"ok":true,"access_token":"%s","token_type":"bot","scope":"chat:write,incoming-webhook",
                 "bot_user_id":"U0KRQLJ9H","app_id":"A0KRD7HC3",
                 "team":{"name":"Slack Softball Team","id":"T9TK3CUKW"},"enterprise":null,
                 "authed_user":{"id":"U1234"}}""".formatted(botToken);
    }

    /** Jira's Basic authorization of ops@acme.example with this API token. */
    private static String basic(String apiToken) {
        return "Basic " + Base64.getEncoder().encodeToString(("ops@acme.example:" + apiToken)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Connects a Seller or Vendor Central account from the gallery: its form, the consent page's link (in the
     * account's region), and Amazon's redirect to Tether's callback, Amazon issuing this refresh token; answers the
     * account's id once the gallery reports it (and the opener has heard it, when there is one).
     */
    private String connectSellingPartner(String slug, String name, String region, String consentPage,
                                         String refreshToken) {
        chromium.follow(page.card(slug).findElement(By.linkText("Connect")));
        browser.findElement(By.id("name")).sendKeys(name);
        new Select(browser.findElement(By.id("region"))).selectByValue(region);
        chromium.follow(browser.findElement(By.id("connect")));
        chromium.assertAccessible();
        URI amazon = URI.create(browser.findElement(By.id("authorize")).getAttribute("href"));
        assertThat(amazon.toString()).startsWith(consentPage);
        String code = newCode();
        // The Selling Partner API exchanges codes at the North American endpoint, whatever the region.
        tokenEndpointAnswers(NA_TOKEN_PATH, code, tokens(refreshToken, "Atza|" + slug, 3600));
        browser.get(http.getRootUri() + SP_API_CALLBACK + "?spapi_oauth_code=" + code + "&state="
                + queryOf(amazon).get("state") + "&selling_partner_id=A3SELLER4TETHER");
        String accountId = page.reportedId();
        if (page.frontend() != null) {
            page.awaitMessage(Map.of("type", "tether:connect", "integration", slug, "status", "success",
                    "account_id", accountId));
        }
        return accountId;
    }
}
