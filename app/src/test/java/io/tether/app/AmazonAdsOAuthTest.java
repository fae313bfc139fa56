package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.app.Api.Response;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** The Amazon Ads OAuth flow, end to end against the Login with Amazon stand-in. */
class AmazonAdsOAuthTest extends OAuthEndToEndTest {

    private static final String CALLBACK = "/integrations/ads/callback";

    @Autowired
    CredentialCipher cipher;

    @Test
    void authUrl_startsTheFlow_andPointsAtLoginWithAmazonOfTheAccountsRegion_withAStateAndAnS256Challenge() throws Exception {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "NA");

        Authorization authorization = authorize(api, "ads", accountId);

        URI url = authorization.url();
        assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo("https://www.amazon.com/ap/oa");
        Map<String, String> query = authorization.query();
        assertThat(query).containsEntry("client_id", ADS_CLIENT_ID)
                .containsEntry("scope", "advertising::campaign_management")
                .containsEntry("response_type", "code")
                .containsEntry("redirect_uri", ADS_REDIRECT_URI)
                .containsEntry("code_challenge_method", "S256");
        assertThat(authorization.state()).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        JsonNode body = authorization.response().body();
        assertThat(body.get("account").get("status").asText()).isEqualTo("CONNECTING");
        assertThat(body.get("expires_at").asText()).isNotBlank();
        assertThat(api.get("/integrations/accounts/" + accountId, authorization.response().position())
                .body().get("status").asText()).isEqualTo("CONNECTING");

        // The events hold the state's SHA-256 and nothing else of it.
        String stateHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(authorization.state().getBytes(StandardCharsets.UTF_8)));
        assertThat(rowsContaining(stateHash)).isPositive();
        assertThat(rowsContaining(authorization.state())).isZero();
        assertThat(eventsOf(accountId)).startsWith("AccountCreatedEvent", "OAuthStartedEvent")
                .doesNotContain("OAuthStateRedeemedEvent");
    }

    @Test
    void authUrl_forEuropeAndTheFarEast_usesTheirLoginWithAmazonHosts() {
        Api api = newOrganization();
        assertThat(authorize(api, "ads", createAccount(api, "ADS_API", "EU")).url().toString())
                .startsWith("https://eu.account.amazon.com/ap/oa?");
        assertThat(authorize(api, "ads", createAccount(api, "ADS_API", "FE")).url().toString())
                .startsWith("https://apac.account.amazon.com/ap/oa?");
    }

    @Test
    void authUrl_twice_replacesTheFirstFlow_whoseStateThenNoLongerWorks() {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "EU");
        Authorization first = authorize(api, "ads", accountId);
        Authorization second = authorize(api, "ads", accountId);
        assertThat(second.state()).isNotEqualTo(first.state());
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|unused", "Atza|unused", 3600));

        Response page = redirect(CALLBACK, parameters("code", code, "state", first.state()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.rawBody()).contains("not valid");
        assertThat(formsWith(code)).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theCallback_exchangesTheCodeWithTheVerifier_sealsTheTokens_andConnectsTheAccount(CapturedOutput logs)
            throws Exception {
        Started flow = startedFlow("ADS_API", "EU");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();
        String refreshToken = "Atzr|IwEB-refresh-" + UUID.randomUUID();
        String accessToken = "Atza|IwEB-access-" + UUID.randomUUID();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens(refreshToken, accessToken, 3600));

        Response page = redirect(CALLBACK, parameters("code", code, "state", authorization.state(), "scope",
                "advertising::campaign_management"));

        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
        assertThat(page.rawBody()).contains("Amazon Ads connected")
                .contains("\"status\":\"success\"").contains("\"account_id\":\"" + accountId + "\"")
                .doesNotContain(refreshToken).doesNotContain(accessToken).doesNotContain(code);
        List<Map<String, String>> exchanges = formsReceived(EU_TOKEN_PATH, code);
        assertThat(exchanges).hasSize(1);
        Map<String, String> form = exchanges.get(0);
        assertThat(form).containsEntry("grant_type", "authorization_code")
                .containsEntry("redirect_uri", ADS_REDIRECT_URI)
                .containsEntry("client_id", ADS_CLIENT_ID)
                .containsEntry("client_secret", ADS_CLIENT_SECRET);
        assertThat(s256(form.get("code_verifier"))).isEqualTo(authorization.query().get("code_challenge"));

        awaitStatus(api, accountId, "CONNECTED");
        JsonNode account = account(api, accountId);
        assertThat(account.get("has_credentials").asBoolean()).isTrue();
        assertThat(account.get("error_message").isNull()).isTrue();
        assertThat(eventsOf(accountId)).containsExactly("AccountCreatedEvent", "OAuthStartedEvent",
                "OAuthStateRedeemedEvent", "OAuthCompletedEvent");

        EncryptedCredentials sealed = new EncryptedCredentials(jdbc.queryForObject(
                "SELECT ciphertext FROM account_credentials WHERE account_id = ?::uuid", String.class, accountId));
        UUID organizationId = UUID.fromString(account.get("organization_id").asText());
        assertThat(cipher.decrypt(CredentialOwner.accountCredentials(organizationId, UUID.fromString(accountId)), sealed))
                .containsEntry("refresh_token", refreshToken)
                .containsEntry("access_token", accessToken)
                .containsKey("access_token_expires_at");
        for (String secret : List.of(refreshToken, accessToken, form.get("code_verifier"), authorization.state(), code)) {
            assertThat(rowsContaining(secret)).as("rows holding a secret in plaintext").isZero();
            assertThat(logs.getAll()).as("the log").doesNotContain(secret);
        }
        assertThat(logs.getAll()).contains("GET /integrations/ads/callback");
    }

    @Test
    void aForgedState_isRefused_andNoCodeIsExchanged() {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "EU");
        authorize(api, "ads", accountId);
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|forged", "Atza|forged", 3600));

        Response page = redirect(CALLBACK, parameters("code", code, "state", "forged-" + UUID.randomUUID()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.rawBody()).contains("not valid").contains("\"status\":\"error\"").contains("\"account_id\":null");
        assertThat(formsWith(code)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM security_events WHERE kind = 'oauth_state_refused'"
                + " AND request_id = ?", Long.class, page.header("X-Request-Id"))).isEqualTo(1);
        assertThat(eventsOf(accountId)).startsWith("AccountCreatedEvent", "OAuthStartedEvent")
                .doesNotContain("OAuthStateRedeemedEvent", "OAuthCompletedEvent", "OAuthFailedEvent");
    }

    @Test
    void aReusedState_isRefused_andTheCodeIsExchangedOnlyOnce() {
        Started flow = startedFlow("ADS_API", "EU");
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|once", "Atza|once", 3600));
        Map<String, String> redirect = parameters("code", code, "state", authorization.state());

        assertThat(redirect(CALLBACK, redirect).status()).isEqualTo(200);
        Response replay = redirect(CALLBACK, redirect);

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.rawBody()).contains("already used");
        assertThat(formsWith(code)).hasSize(1);
        assertThat(eventsOf(accountId)).containsOnlyOnce("OAuthCompletedEvent");
        assertThat(jdbc.queryForList("SELECT detail FROM security_events WHERE kind = 'oauth_state_refused'"
                + " AND aggregate_id = ?", String.class, accountId)).containsExactly("state already used");
    }

    @Test
    void concurrentCallbacksWithOneState_exchangeTheCodeOnce() {
        Started flow = startedFlow("ADS_API", "EU");
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|race", "Atza|race", 3600).withFixedDelay(300));
        Map<String, String> redirect = parameters("code", code, "state", authorization.state());

        List<Response> pages = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> redirect(CALLBACK, redirect)))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(pages).filteredOn(page -> page.status() == 200).hasSize(1);
        assertThat(formsWith(code)).hasSize(1);
        assertThat(eventsOf(accountId)).containsOnlyOnce("OAuthStateRedeemedEvent");
    }

    @Test
    void anAbandonedFlow_expiresByItsDeadline_backToWhereTheAccountWas_andItsStateNoLongerWorks() {
        Started flow = startedFlow("ADS_API", "EU");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(eventsOf(accountId)).contains("OAuthExpiredEvent"));
        awaitStatus(api, accountId, "DISCONNECTED");

        assertThat(eventsOf(accountId)).containsExactly("AccountCreatedEvent", "OAuthStartedEvent", "OAuthExpiredEvent");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth_states WHERE account_id = ?::uuid", Long.class, accountId))
                .isZero();
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|late", "Atza|late", 3600));
        Response late = redirect(CALLBACK, parameters("code", code, "state", authorization.state()));
        assertThat(late.status()).isEqualTo(400);
        assertThat(formsWith(code)).isEmpty();
        assertThat(account(api, accountId).get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void anExpiredFlowOfAFailedAccount_returnsItToErrorWithItsMessage() {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", "EU");
        api.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|manual\"}}");
        api.post("/integrations/accounts/" + accountId + "/mark-failed", "{\"error_message\":\"The token was revoked\"}");
        authorize(api, "ads", accountId);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(eventsOf(accountId)).endsWith("OAuthStartedEvent", "OAuthExpiredEvent"));
        awaitStatus(api, accountId, "ERROR");

        assertThat(account(api, accountId).get("error_message").asText()).isEqualTo("The token was revoked");
        assertThat(account(api, accountId).get("has_credentials").asBoolean()).isTrue();
    }

    @Test
    void amazonsErrorRedirect_putsTheAccountInError_withAMessageToActOn_andExchangesNothing() {
        Started flow = startedFlow("ADS_API", "EU");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();

        Response page = redirect(CALLBACK, parameters("error", "access_denied", "error_description",
                "The user denied the request", "state", authorization.state()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.rawBody()).contains("cancelled or denied").contains("\"account_id\":\"" + accountId + "\"");
        awaitStatus(api, accountId, "ERROR");
        assertThat(account(api, accountId).get("error_message").asText())
                .contains("access_denied").contains("Connect the account again");
        assertThat(LWA.findAll(postRequestedFor(urlEqualTo(EU_TOKEN_PATH))))
                .noneMatch(request -> request.getBodyAsString().contains(authorization.state()));
    }

    @Test
    void invalidGrantAtTheTokenEndpoint_putsTheAccountInError_sayingToConnectAgain() {
        String errorMessage = failedExchange("EU", EU_TOKEN_PATH, lwaError(400, "invalid_grant"));
        assertThat(errorMessage).contains("invalid_grant").contains("Start connecting the account again");
    }

    @Test
    void aServerErrorAtTheTokenEndpoint_putsTheAccountInError_sayingToTryAgainLater() {
        String errorMessage = failedExchange("EU", EU_TOKEN_PATH, serverError().withBody("upstream trouble"));
        assertThat(errorMessage).contains("HTTP 500").contains("again in a few minutes");
    }

    @Test
    void anUnreachableTokenEndpoint_putsTheAccountInError_sayingToTryAgainLater() {
        Started flow = startedFlow("ADS_API", "FE");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();

        Response page = redirect(CALLBACK, parameters("code", "any-code", "state", authorization.state()));

        assertThat(page.status()).isEqualTo(502);
        awaitStatus(api, accountId, "ERROR");
        assertThat(account(api, accountId).get("error_message").asText())
                .contains("could not be reached").contains("again in a few minutes");
    }

    @Test
    void thePage_hasAStrictPolicyWithAFreshNonce_noReferrer_andPostsOnlyToTheFrontend() {
        Response first = redirect(CALLBACK, parameters("code", "x", "state", "forged-" + UUID.randomUUID()));
        Response second = redirect(CALLBACK, parameters("code", "x", "state", "forged-" + UUID.randomUUID()));

        String policy = first.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'").contains("base-uri 'none'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        String nonce = policy.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
        assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
        assertThat(first.rawBody()).contains("<script nonce=\"" + nonce + "\">");
        assertThat(second.header("Content-Security-Policy")).doesNotContain(nonce);
        assertThat(first.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(first.header("Content-Type")).startsWith("text/html");
        assertThat(first.header("Cache-Control")).contains("no-store");
        assertThat(first.rawBody()).contains("\"target_origin\":\"" + FRONTEND.origin() + "\"")
                .doesNotContain("\"*\"").doesNotContain("postMessage(result.message, '*')");
    }

    @Test
    void hostileValues_appearEscaped_andAForgedStateIsNeverEchoed() {
        Started flow = startedFlow("ADS_API", "EU");
        Authorization authorization = flow.authorization();
        String hostileState = "</script><script>alert('state')</script>";

        Response forged = redirect(CALLBACK, parameters("code", "x", "state", hostileState));
        Response refused = redirect(CALLBACK, parameters("error", "\"><img src=x onerror=alert(1)>",
                "error_description", "<script>alert('description')</script> & more", "state", authorization.state()));

        assertThat(forged.rawBody()).doesNotContain("alert('state')");
        assertThat(refused.rawBody())
                .contains("&lt;script&gt;alert(&#39;description&#39;)&lt;/script&gt; &amp; more")
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x")
                .contains("unrecognized_error");
        assertThat(refused.rawBody().split("<script", -1)).hasSize(3);
    }

    @Test
    void authUrl_forASellerCentralAccount_isRefused_andChangesNothing() {
        Api api = newOrganization();
        String accountId = createAccount(api, "SP_API_SC", "EU");

        Response response = api.get("/integrations/ads/auth-url?accountId=" + accountId);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("code").asText()).isEqualTo("oauth_flow_mismatch");
        assertThat(eventsOf(accountId)).containsExactly("AccountCreatedEvent");
    }

    @Test
    void authUrl_forAnotherOrganizationsOrAnUnknownAccount_isNotFound_andNeedsAnAdminsToken() {
        Api owner = newOrganization();
        String accountId = createAccount(owner, "ADS_API", "EU");

        assertThat(newOrganization().get("/integrations/ads/auth-url?accountId=" + accountId).body().get("code").asText())
                .isEqualTo("account_not_found");
        assertThat(owner.get("/integrations/ads/auth-url?accountId=" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(new Api(http, Tokens.forOrganization(UUID.randomUUID(), "viewer"))
                .get("/integrations/ads/auth-url?accountId=" + accountId).status()).isEqualTo(403);
        assertThat(new Api(http, null).get("/integrations/ads/auth-url?accountId=" + accountId).status()).isEqualTo(401);
        assertThat(owner.get("/integrations/ads/auth-url").status()).isEqualTo(400);
        assertThat(eventsOf(accountId)).containsExactly("AccountCreatedEvent");
    }

    /** Starts a flow, lets the stand-in answer the code exchange so, and answers the account's error message. */
    private String failedExchange(String region, String path, ResponseDefinitionBuilder answer) {
        Api api = newOrganization();
        String accountId = createAccount(api, "ADS_API", region);
        Authorization authorization = authorize(api, "ads", accountId);
        String code = newCode();
        tokenEndpointAnswers(path, code, answer);

        Response page = redirect(CALLBACK, parameters("code", code, "state", authorization.state()));

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.rawBody()).contains("connection failed").contains("\"status\":\"error\"");
        assertThat(formsWith(code)).hasSize(1);
        awaitStatus(api, accountId, "ERROR");
        assertThat(eventsOf(accountId)).endsWith("OAuthStateRedeemedEvent", "OAuthFailedEvent");
        return account(api, accountId).get("error_message").asText();
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
