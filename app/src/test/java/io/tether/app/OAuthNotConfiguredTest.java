package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import org.junit.jupiter.api.Test;

/** The embedded default has no Amazon apps configured: it starts, and only the OAuth flows say what is missing. */
class OAuthNotConfiguredTest extends EndToEndTest {

    @Test
    void authUrl_withoutTheAdsApp_answers503NamingTheMissingSettings_andChangesNothing() {
        Api api = newOrganization();
        Response created = api.post("/integrations/accounts", adsAccount("Not configured"));
        String accountId = created.body().get("id").asText();

        Response response = api.get("/integrations/ads/auth-url?accountId=" + accountId);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("code").asText()).isEqualTo("oauth_not_configured");
        assertThat(response.body().get("detail").asText()).contains("AMAZON_ADS_CLIENT_ID")
                .contains("AMAZON_ADS_CLIENT_SECRET").contains("AMAZON_ADS_REDIRECT_URI");
        assertThat(response.rawBody()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(eventsCausedBy(response)).isZero();
        assertThat(api.get("/integrations/accounts/" + accountId, created.position()).body().get("status").asText())
                .isEqualTo("DISCONNECTED");
    }

    @Test
    void authUrl_withoutTheSpApiApp_answers503NamingTheMissingSettings() {
        Api api = newOrganization();
        String accountId = OAuthEndToEndTest.createAccount(api, "SP_API_SC", "NA");

        Response response = api.get("/integrations/sp-api/auth-url?accountId=" + accountId);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body().get("detail").asText()).contains("AMAZON_SPAPI_APPLICATION_ID")
                .contains("AMAZON_SPAPI_CLIENT_ID");
    }
}
