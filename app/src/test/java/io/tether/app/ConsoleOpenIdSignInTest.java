package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console signed in through a real OpenID provider (Spring Authorization Server, {@link OpenIdProvider}) with
 * {@code tether.console.openid.enabled}: the authorization request carries PKCE (S256), a state and a nonce; the
 * provider's own login form signs a user in and the ID token's claims make the same caller a bearer token would
 * (an auditor sees no action control); a user without an organization or a member role, and a callback with a
 * wrong state, sign nothing in.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.rate-limits.per-ip=1000000",
                "tether.console.openid.enabled=true",
                "tether.console.openid.client-id=" + OpenIdProvider.CLIENT_ID,
                "tether.console.openid.provider-name=Example ID"})
@DirtiesContext
class ConsoleOpenIdSignInTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "console-openid-" + UUID.randomUUID());
    private static final OpenIdProvider PROVIDER = OpenIdProvider.start();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void openIdProvider(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
        registry.add("tether.console.openid.issuer-uri", PROVIDER::issuer);
    }

    @AfterAll
    static void stopTheProvider() {
        PROVIDER.close();
    }

    @Test
    void theAuthorizationRequest_carriesAnS256CodeChallenge_aStateAndANonce() {
        HttpResponse<String> start = new CookieJarClient().get(tether() + "/console/sign-in/openid");

        assertThat(start.statusCode()).isEqualTo(302);
        URI authorization = CookieJarClient.location(start);
        assertThat(authorization.toString()).startsWith(PROVIDER.issuer() + "/oauth2/authorize?");
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(authorization).build(true).getQueryParams();
        assertThat(query.getFirst("response_type")).isEqualTo("code");
        assertThat(query.getFirst("client_id")).isEqualTo(OpenIdProvider.CLIENT_ID);
        assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(query.getFirst("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.getFirst("state")).isNotBlank();
        assertThat(query.getFirst("nonce")).isNotBlank();
        assertThat(query.getFirst("scope")).isEqualTo("openid");
        assertThat(decoded(query.getFirst("redirect_uri"))).isEqualTo(tether() + "/console/sign-in/openid/callback");
    }

    @Test
    void anAuditor_signsInThroughTheProvider_asTheCallerItsIdTokenNames() {
        CookieJarClient browser = new CookieJarClient();

        HttpResponse<String> console = signIn(browser, OpenIdProvider.AUDITOR);

        assertThat(console.statusCode()).as(console.body()).isEqualTo(200);
        assertThat(console.uri().toString()).isEqualTo(tether() + "/console");
        assertThat(console.body()).contains("Signed in as <span>" + OpenIdProvider.AUDITOR + "</span>",
                "<span>auditor</span>", "id=\"sign-out\"");
    }

    @Test
    void aUserWithoutAnOrganizationOrAMemberRole_getsTheRefusalPage_andNoSession() {
        for (String user : new String[] {OpenIdProvider.STRANGER, OpenIdProvider.OUTSIDER}) {
            CookieJarClient browser = new CookieJarClient();

            HttpResponse<String> refused = signIn(browser, user);

            assertThat(refused.statusCode()).as(user).isEqualTo(403);
            assertThat(refused.body()).contains("names no organization or no role that Tether knows");
            assertThat(browser.get(tether() + "/console").statusCode()).as("no session for " + user).isEqualTo(401);
        }
    }

    @Test
    void aCallbackWithAWrongState_isRefused_andSignsNothingIn() {
        CookieJarClient browser = new CookieJarClient();
        HttpResponse<String> login = browser.follow(browser.get(tether() + "/console/sign-in/openid"));
        HttpResponse<String> callback = browser.followUntil(submitLogin(browser, login, OpenIdProvider.AUDITOR),
                next -> next.getPath().equals("/console/sign-in/openid/callback"));
        URI genuine = CookieJarClient.location(callback);
        assertThat(genuine.getQuery()).contains("code=", "state=");

        HttpResponse<String> forged = browser.get(UriComponentsBuilder.fromUri(genuine)
                .replaceQueryParam("state", "forged-" + UUID.randomUUID()).build(true).toUriString());

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("Sign-in did not complete", "belongs to no sign-in this browser started");
        assertThat(browser.get(tether() + "/console").statusCode()).isEqualTo(401);
    }

    @Test
    void inABrowser_anAuditorSignsInOnTheProvidersForm_seesNoActionControl_andSignsOut() {
        Api admin = new Api(http, Tokens.forOrganization(OpenIdProvider.ORGANIZATION, "admin"));
        Response created = admin.post("/integrations/accounts", EndToEndTest.adsAccount("Signed in by OpenID"));
        admin.get("/integrations/accounts/" + created.body().get("id").asText(), created.position());

        try (Browser browser = Browser.startOrSkip()) {
            WebDriver page = browser.driver();
            page.get(tether() + "/console/sign-in");
            browser.assertAccessible();
            browser.screenshot("console-openid-sign-in");
            browser.follow(page.findElement(By.id("sign-in-openid")));

            await().untilAsserted(() -> assertThat(page.getCurrentUrl()).isEqualTo(PROVIDER.issuer() + "/login"));
            page.findElement(By.id("username")).sendKeys(OpenIdProvider.AUDITOR);
            page.findElement(By.id("password")).sendKeys(OpenIdProvider.PASSWORD);
            browser.follow(page.findElement(By.cssSelector("button[type=submit]")));

            await().untilAsserted(() -> assertThat(page.getCurrentUrl()).isEqualTo(tether() + "/console"));
            browser.assertAccessible();
            browser.follow(page.findElement(By.linkText("Signed in by OpenID")));
            assertThat(page.findElement(By.id("timeline")).getText()).contains("AccountCreatedEvent");
            assertThat(page.findElements(By.cssSelector("[id^=action-]"))).as("an auditor changes nothing").isEmpty();
            browser.assertAccessible();

            browser.follow(page.findElement(By.id("sign-out")));
            assertThat(page.findElement(By.id("sign-in-openid")).getText()).isEqualTo("Sign in with Example ID");
            browser.assertAccessible();
            browser.follow(page.findElement(By.id("sign-in-openid")));
            await().untilAsserted(() -> assertThat(page.getCurrentUrl()).as("signed in at the provider still: straight back")
                    .isEqualTo(tether() + "/console"));
        }
    }

    /** Starts a sign-in at Tether, signs in on the provider's login form, and follows the redirects to the end. */
    private HttpResponse<String> signIn(CookieJarClient browser, String user) {
        HttpResponse<String> login = browser.follow(browser.get(tether() + "/console/sign-in/openid"));
        return browser.follow(submitLogin(browser, login, user));
    }

    private static HttpResponse<String> submitLogin(CookieJarClient browser, HttpResponse<String> login, String user) {
        assertThat(login.uri().toString()).isEqualTo(PROVIDER.issuer() + "/login");
        Matcher csrf = CSRF_FIELD.matcher(login.body());
        assertThat(csrf.find()).as(login.body()).isTrue();
        return browser.postForm(PROVIDER.issuer() + "/login",
                Map.of("username", user, "password", OpenIdProvider.PASSWORD, "_csrf", csrf.group(1)));
    }

    /** Tether as the browser reaches it: by loopback address, which the provider accepts on any port. */
    private String tether() {
        return "http://127.0.0.1:" + port;
    }

    private static String decoded(String value) {
        return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
