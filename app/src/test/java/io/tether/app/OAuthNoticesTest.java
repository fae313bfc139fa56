package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.svix.Webhook;
import io.tether.app.Api.Response;
import io.tether.app.NoticeReceiver.Received;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OAuth flows' notices, each produced by the flow's outcome, with Login with Amazon played by the WireMock stand-in. */
class OAuthNoticesTest extends OAuthEndToEndTest {

    private static final String CALLBACK = "/integrations/ads/callback";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void aCompletedFlow_isNoticed_andRecoversAnAccountThatWasInError() throws Exception {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String secret = register(api, receiver);
            String accountId = createAccount(api, "ADS_API", "EU");
            api.post("/integrations/accounts/" + accountId + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|manual\"}}");
            api.post("/integrations/accounts/" + accountId + "/mark-failed", "{\"error_message\":\"The token was revoked\"}");
            Authorization authorization = authorize(api, "ads", accountId);
            String code = newCode();
            tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens("Atzr|oauth-notice", "Atza|oauth-notice", 3600));

            assertThat(redirect(CALLBACK, parameters("code", code, "state", authorization.state())).status()).isEqualTo(200);

            List<String> expected = List.of("account.created", "account.connected", "account.error", "oauth.completed",
                    "account.recovered");
            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= expected.size());
            assertThat(receiver.delivered()).extracting(Received::type).containsExactlyElementsOf(expected);
            for (Received notice : receiver.delivered()) {
                new Webhook(secret).verify(notice.body(), notice.headers());
                assertThat(notice.body()).doesNotContain("Atzr", "Atza", code, authorization.state());
            }
            assertThat(receiver.delivered().get(3).json().at("/data/account/status").asText()).isEqualTo("CONNECTED");
        }
    }

    @Test
    void aFailedFlow_andAnAbandonedOne_areNoticed() throws Exception {
        Api api = newOrganization();
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            String secret = register(api, receiver);
            String denied = createAccount(api, "ADS_API", "EU");
            Authorization authorization = authorize(api, "ads", denied);
            Response page = redirect(CALLBACK, parameters("error", "access_denied", "state", authorization.state()));
            assertThat(page.status()).isEqualTo(400);
            String abandoned = createAccount(api, "ADS_API", "EU");
            authorize(api, "ads", abandoned);

            await().atMost(PATIENCE).until(() -> receiver.delivered().stream().anyMatch(notice -> notice.type().equals("oauth.expired")));
            List<Received> ofDenied = receiver.delivered().stream().filter(notice -> notice.body().contains(denied)).toList();
            assertThat(ofDenied).extracting(Received::type).containsExactly("account.created", "oauth.failed");
            assertThat(ofDenied.get(1).json().at("/data/account/error_message").asText()).contains("access_denied");
            List<Received> ofAbandoned = receiver.delivered().stream().filter(notice -> notice.body().contains(abandoned)).toList();
            assertThat(ofAbandoned).extracting(Received::type).containsExactly("account.created", "oauth.expired");
            assertThat(ofAbandoned.get(1).json().at("/data/account/status").asText()).isEqualTo("DISCONNECTED");
            for (Received notice : receiver.delivered()) {
                new Webhook(secret).verify(notice.body(), notice.headers());
            }
        }
    }

    @Test
    void aRevokedRefreshToken_isNoticedAsAFailedRefresh_thatStops_andThenAsAnAccountError() throws Exception {
        String refreshToken = "Atzr|revoked-notice-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, lwaError(400, "invalid_grant"));
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            Started flow = startedFlow("ADS_API", "EU");
            String secret = register(flow.api(), receiver, "[\"token.refresh_failed\",\"account.error\"]");

            connectWithShortLivedToken(flow, refreshToken);

            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= 2);
            assertThat(receiver.delivered()).extracting(Received::type).containsExactly("token.refresh_failed", "account.error");
            Received failed = receiver.delivered().get(0);
            new Webhook(secret).verify(failed.body(), failed.headers());
            NoticesTest.assertMatchesItsSchema(failed);
            assertThat(failed.json().at("/data/resource_id").asText()).isEqualTo(flow.accountId());
            assertThat(failed.json().at("/data/actor").asText()).isEqualTo("tether:token-refresher");
            assertThat(failed.json().at("/data/token_refresh/reason").asText()).contains("invalid_grant");
            assertThat(failed.json().at("/data/token_refresh/failed_attempts").asInt()).isEqualTo(1);
            assertThat(failed.json().at("/data/token_refresh/next_attempt_at").isNull()).as("the refreshing stopped").isTrue();
            assertThat(receiver.delivered()).allSatisfy(notice -> assertThat(notice.body()).doesNotContain("Atzr", "Atza"));
            assertThat(rowsContaining(refreshToken)).isZero();
        }
    }

    @Test
    void anUnreachableLoginWithAmazon_isNoticedOnEveryFailedRefresh_untilItsAttemptsAreSpent() {
        String refreshToken = "Atzr|unreachable-notice-" + UUID.randomUUID();
        refreshAnswers(EU_TOKEN_PATH, refreshToken, serverError());
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            Started flow = startedFlow("ADS_API", "EU");
            register(flow.api(), receiver, "[\"token.refresh_failed\",\"account.error\"]");

            connectWithShortLivedToken(flow, refreshToken);

            await().atMost(PATIENCE).until(() -> receiver.delivered().size() >= 4);
            List<Received> delivered = receiver.delivered();
            assertThat(delivered).extracting(Received::type)
                    .containsExactly("token.refresh_failed", "token.refresh_failed", "token.refresh_failed", "account.error");
            assertThat(delivered.subList(0, 3)).extracting(notice -> notice.json().at("/data/token_refresh/failed_attempts").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(delivered.get(0).json().at("/data/token_refresh/next_attempt_at").isTextual()).as("tried again").isTrue();
            assertThat(delivered.get(2).json().at("/data/token_refresh/next_attempt_at").isNull()).as("the last attempt").isTrue();
            assertThat(delivered.get(0).json().at("/data/token_refresh/reason").asText()).contains("500");
            delivered.subList(0, 3).forEach(NoticesTest::assertMatchesItsSchema);
        }
    }

    /** Completes the started flow with an access token that expires in 3 seconds: the refresher comes in 1. */
    private void connectWithShortLivedToken(Started flow, String refreshToken) {
        String code = newCode();
        tokenEndpointAnswers(EU_TOKEN_PATH, code, tokens(refreshToken, "Atza|short-lived", 3));
        Response page = redirect(CALLBACK, parameters("code", code, "state", flow.authorization().state()));
        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
    }

    private static String register(Api api, NoticeReceiver receiver, String noticeTypes) {
        Response created = api.post("/integrations/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\",\"notice_types\":"
                + noticeTypes + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("signing_secret").asText();
    }

    private static String register(Api api, NoticeReceiver receiver) {
        Response created = api.post("/integrations/webhook-endpoints", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("signing_secret").asText();
    }
}
