package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.app.Api.Response;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Selling Partner API's website authorization, end to end against the Login with Amazon stand-in. */
class SellingPartnerOAuthTest extends OAuthEndToEndTest {

    private static final String CALLBACK = "/integrations/sp-api/callback";

    @Autowired
    CredentialCipher cipher;

    @Test
    void authUrl_pointsAtTheConsentPageOfSellerOrVendorCentral_inTheAccountsRegion() {
        Api api = newOrganization();

        Authorization sellerNa = authorize(api, "sp-api", createAccount(api, "SP_API_SC", "NA"));
        Authorization sellerEu = authorize(api, "sp-api", createAccount(api, "SP_API_SC", "EU"));
        Authorization sellerFe = authorize(api, "sp-api", createAccount(api, "SP_API_SC", "FE"));
        Authorization vendorNa = authorize(api, "sp-api", createAccount(api, "SP_API_VC", "NA"));
        Authorization vendorEu = authorize(api, "sp-api", createAccount(api, "SP_API_VC", "EU"));

        assertThat(sellerNa.url().toString()).startsWith("https://sellercentral.amazon.com/apps/authorize/consent?");
        assertThat(sellerEu.url().toString()).startsWith("https://sellercentral-europe.amazon.com/apps/authorize/consent?");
        assertThat(sellerFe.url().toString()).startsWith("https://sellercentral.amazon.co.jp/apps/authorize/consent?");
        assertThat(vendorNa.url().toString()).startsWith("https://vendorcentral.amazon.com/apps/authorize/consent?");
        assertThat(vendorEu.url().toString()).startsWith("https://vendorcentral.amazon.co.uk/apps/authorize/consent?");
        assertThat(sellerNa.query()).containsEntry("application_id", SPAPI_APPLICATION_ID)
                .containsEntry("redirect_uri", SPAPI_REDIRECT_URI)
                .containsEntry("version", "beta")
                .doesNotContainKey("code_challenge");
        assertThat(sellerNa.state()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theCallback_exchangesTheCodeAtLoginWithAmazon_andStoresTheRefreshTokenAndTheSellerIdSealed() {
        Started flow = startedFlow("SP_API_SC", "EU");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();
        String refreshToken = "Atzr|spapi-refresh-" + UUID.randomUUID();
        // The Selling Partner API exchanges codes at the North American endpoint, whatever the region.
        tokenEndpointAnswers(NA_TOKEN_PATH, code, tokens(refreshToken, "Atza|spapi-access", 3600));

        Response page = redirect(CALLBACK, parameters("spapi_oauth_code", code, "state", authorization.state(),
                "selling_partner_id", "A3SELLER4TETHER"));

        assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
        assertThat(page.rawBody()).contains("Amazon Selling Partner connected").contains("tether:amazon-sp-api-oauth");
        List<Map<String, String>> exchanges = formsReceived(NA_TOKEN_PATH, code);
        assertThat(exchanges).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("client_id", SPAPI_CLIENT_ID)
                .containsEntry("client_secret", SPAPI_CLIENT_SECRET)
                .containsEntry("redirect_uri", SPAPI_REDIRECT_URI)
                .doesNotContainKey("code_verifier"));
        awaitStatus(api, accountId, "CONNECTED");
        JsonNode account = account(api, accountId);
        EncryptedCredentials sealed = new EncryptedCredentials(jdbc.queryForObject(
                "SELECT ciphertext FROM account_credentials WHERE account_id = ?::uuid", String.class, accountId));
        assertThat(cipher.decrypt(CredentialOwner.accountCredentials(
                UUID.fromString(account.get("organization_id").asText()), UUID.fromString(accountId)), sealed))
                .containsEntry("refresh_token", refreshToken)
                .containsEntry("selling_partner_id", "A3SELLER4TETHER");
        assertThat(rowsContaining(refreshToken)).isZero();
    }

    @Test
    void aRedirectWithoutTheSellingPartnerId_putsTheAccountInError_andExchangesNothing() {
        Started flow = startedFlow("SP_API_VC", "NA");
        Api api = flow.api();
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();

        Response page = redirect(CALLBACK, parameters("spapi_oauth_code", code, "state", authorization.state()));

        assertThat(page.status()).isEqualTo(400);
        assertThat(formsWith(code)).isEmpty();
        awaitStatus(api, accountId, "ERROR");
        assertThat(account(api, accountId).get("error_message").asText()).contains("selling_partner_id");
    }

    @Test
    void anAdsState_doesNotCompleteAnSpApiCallback() {
        Started flow = startedFlow("ADS_API", "NA");
        String accountId = flow.accountId();
        Authorization authorization = flow.authorization();
        String code = newCode();

        Response page = redirect(CALLBACK, parameters("spapi_oauth_code", code, "state", authorization.state(),
                "selling_partner_id", "A3SELLER4TETHER"));

        assertThat(page.status()).isEqualTo(400);
        assertThat(formsWith(code)).isEmpty();
        assertThat(eventsOf(accountId)).doesNotContain("OAuthStateRedeemedEvent");
    }
}
