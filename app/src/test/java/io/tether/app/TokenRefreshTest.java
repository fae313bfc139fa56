package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.app.Api.Response;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Access tokens refreshed ahead of their expiry: here Login with Amazon's stand-in hands out tokens
 * that last 3 seconds, and Tether refreshes 2 seconds ahead.
 */
class TokenRefreshTest extends OAuthEndToEndTest {

    @Autowired
    CredentialCipher cipher;

    @Autowired
    MeterRegistry meters;

    @Test
    void aToken_isRefreshedBeforeItExpires_andTheRotatedRefreshTokenIsKept_sealed() {
        String refreshToken = "Atzr|first-" + UUID.randomUUID();
        String rotated = "Atzr|rotated-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(rotated, "Atza|refreshed-access", 3600));
        double connectedBefore = count("tether.oauth.callbacks", "flow", "ADS", "outcome", "connected");
        long refreshesBefore = lwaRequests("refresh_token", "success");

        Connected connected = connectWithShortLivedToken(refreshToken);
        awaitRefreshes(connected.accountId(), 1);

        assertThat(count("tether.oauth.callbacks", "flow", "ADS", "outcome", "connected")).isEqualTo(connectedBefore + 1);
        assertThat(lwaRequests("refresh_token", "success")).isGreaterThan(refreshesBefore);

        Map<String, String> form = formsReceived(EU_TOKEN_PATH, refreshToken).get(0);
        assertThat(form).containsEntry("grant_type", "refresh_token")
                .containsEntry("client_id", ADS_CLIENT_ID)
                .containsEntry("client_secret", ADS_CLIENT_SECRET);
        assertThat(credentials(connected)).containsEntry("refresh_token", rotated)
                .containsEntry("access_token", "Atza|refreshed-access");
        assertThat(rowsContaining(rotated)).isZero();
        assertThat(rowsContaining("Atza|refreshed-access")).isZero();
        assertThat(account(connected.api(), connected.accountId()).get("status").asText()).isEqualTo("CONNECTED");
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type LIKE '%AccessTokenRefreshedEvent'", String.class,
                connected.accountId());
        assertThat(payload).contains("\"refreshTokenReplaced\":true");
    }

    @Test
    void aRefreshAnswerWithoutARefreshToken_keepsTheOldOne() {
        String refreshToken = "Atzr|kept-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|new-access", 3600));

        Connected connected = connectWithShortLivedToken(refreshToken);
        awaitRefreshes(connected.accountId(), 1);

        assertThat(credentials(connected)).containsEntry("refresh_token", refreshToken)
                .containsEntry("access_token", "Atza|new-access");
    }

    @Test
    void repeatedRefreshFailures_putTheAccountInError_withTheReason() {
        String refreshToken = "Atzr|failing-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, serverError());
        long failuresBefore = lwaRequests("refresh_token", "unavailable");

        Connected connected = connectWithShortLivedToken(refreshToken);
        awaitStatus(connected.api(), connected.accountId(), "ERROR");

        assertThat(lwaRequests("refresh_token", "unavailable")).isGreaterThanOrEqualTo(failuresBefore + 3);

        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).hasSize(3);
        assertThat(account(connected.api(), connected.accountId()).get("error_message").asText())
                .contains("3 attempts").contains("HTTP 500").contains("Reconnect the account");
        assertThat(eventsOf(connected.accountId())).endsWith("OAuthCompletedEvent", "AccessTokenRefreshFailedEvent",
                "AccessTokenRefreshFailedEvent", "AccessTokenRefreshFailedEvent", "AccountMarkedFailedEvent");
    }

    @Test
    void aRevokedRefreshToken_putsTheAccountInErrorAtOnce_sayingToReconnect() {
        String refreshToken = "Atzr|revoked-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));

        Connected connected = connectWithShortLivedToken(refreshToken);
        awaitStatus(connected.api(), connected.accountId(), "ERROR");

        assertThat(formsReceived(EU_TOKEN_PATH, refreshToken)).hasSize(1);
        assertThat(account(connected.api(), connected.accountId()).get("error_message").asText())
                .contains("invalid_grant").contains("Reconnect the account");
        assertThat(eventsOf(connected.accountId())).endsWith("OAuthCompletedEvent", "AccessTokenRefreshFailedEvent",
                "AccountMarkedFailedEvent");
    }

    @Test
    void credentialAccess_refreshesATokenAboutToExpire_first_andHandsOutTheFreshOne() {
        String refreshToken = "Atzr|on-access-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, tokens(null, "Atza|fresh-on-access", 3600));
        Connected connected = connectWithTokenLasting(refreshToken, 1);

        Response read = serviceOf(connected).post("/integrations/accounts/" + connected.accountId() + "/credentials",
                "{\"purpose\":\"sync\"}");

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode credentials = read.body().get("credentials");
        assertThat(credentials.get("access_token").asText()).isEqualTo("Atza|fresh-on-access");
        assertThat(Instant.parse(credentials.get("access_token_expires_at").asText()))
                .isAfter(Instant.now().plusSeconds(3000));
        assertThat(eventsOf(connected.accountId())).containsSubsequence("AccessTokenRefreshedEvent", "AccountCredentialsReadEvent");
    }

    @Test
    void credentialAccess_whenTheRefreshFails_handsOutATokenThatIsStillValid() {
        String refreshToken = "Atzr|still-valid-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, serverError());
        Connected connected = connectWithTokenLasting(refreshToken, 2);

        Response read = serviceOf(connected).post("/integrations/accounts/" + connected.accountId() + "/credentials",
                "{\"purpose\":\"sync\"}");

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body().get("credentials").get("access_token").asText()).isEqualTo("Atza|short-lived");
    }

    @Test
    void credentialAccess_whenTheRefreshFails_andTheTokenHasExpired_is503_andHandsOutNothing() {
        String refreshToken = "Atzr|expired-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, serverError());
        Instant connectedAt = Instant.now();
        Connected connected = connectWithTokenLasting(refreshToken, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(connectedAt.plusSeconds(2)));

        Response read = serviceOf(connected).post("/integrations/accounts/" + connected.accountId() + "/credentials",
                "{\"purpose\":\"sync\"}");

        assertThat(read.status()).as(read.toString()).isEqualTo(503);
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(read.body().get("code").asText()).isEqualTo("access_token_refresh_failed");
        assertThat(read.rawBody()).doesNotContain("Atza|").doesNotContain(refreshToken);
        assertThat(eventsOf(connected.accountId())).doesNotContain("AccountCredentialsReadEvent");
    }

    private Api serviceOf(Connected connected) {
        return new Api(http, Tokens.forOrganization(connected.organizationId(), "service"));
    }

    /** An EU Amazon Ads account connected through the flow with a token that expires in 3 seconds. */
    private Connected connectWithShortLivedToken(String refreshToken) {
        return connectWithTokenLasting(refreshToken, 3);
    }

    /** An EU Amazon Ads account connected through the flow with an access token that lasts this many seconds. */
    private Connected connectWithTokenLasting(String refreshToken, int seconds) {
        Started flow = startedFlow("ADS_API", "EU");
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens(refreshToken, "Atza|short-lived", seconds));
        Response page = redirect("/integrations/ads/callback",
                parameters("code", code, "state", flow.authorization().state()));
        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
        JsonNode account = flow.authorization().response().body().get("account");
        return new Connected(flow.api(), flow.accountId(), UUID.fromString(account.get("organization_id").asText()));
    }

    private void awaitRefreshes(String accountId, int count) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(eventsOf(accountId)).filteredOn("AccessTokenRefreshedEvent"::equals).hasSize(count));
    }

    private Map<String, String> credentials(Connected connected) {
        EncryptedCredentials sealed = new EncryptedCredentials(jdbc.queryForObject(
                "SELECT ciphertext FROM account_credentials WHERE account_id = ?::uuid", String.class, connected.accountId()));
        return cipher.decrypt(CredentialOwner.accountCredentials(connected.organizationId(),
                UUID.fromString(connected.accountId())), sealed);
    }

    private record Connected(Api api, String accountId, UUID organizationId) {
    }

    private double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private long lwaRequests(String grant, String outcome) {
        Timer timer = meters.find("tether.lwa.requests").tag("grant", grant).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
