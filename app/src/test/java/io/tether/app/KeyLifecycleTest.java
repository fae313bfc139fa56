package io.tether.app;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.app.Api.Response;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rotation, rewrap and crypto-shredding of the credentials keys, through the API, on the local keyring. */
class KeyLifecycleTest extends EndToEndTest {

    private static final Map<String, String> CREDENTIALS = Map.of("refresh_token", "Atzr|lifecycle", "profile_id", "42");

    @Autowired
    CredentialCipher cipher;

    @Test
    void rotatingAnAccountsKey_sealsNewCredentialsUnderTheNewVersion_andTheOldEventsStayReadable() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        String id = connectedAccount(api, "Rotated");
        EncryptedCredentials v1 = sealedIn("AccountConnectedEvent", id).get(0);

        Response rotated = api.post("/integrations/accounts/" + id + "/key/rotate", null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().get("key_version").asInt()).isEqualTo(2);
        EncryptedCredentials resealed = sealedIn("AccountKeyRotatedEvent", id).get(0);
        assertThat(resealed.keyVersion()).isEqualTo(2);
        assertThat(currentCiphertext(id).keyVersion()).isEqualTo(2);
        api.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|newer\"}}");
        assertThat(sealedIn("AccountConnectedEvent", id)).extracting(EncryptedCredentials::keyVersion).containsExactly(1, 2);
        CredentialOwner owner = CredentialOwner.accountCredentials(organization, UUID.fromString(id));
        assertThat(cipher.decrypt(owner, v1)).isEqualTo(CREDENTIALS);
        assertThat(cipher.decrypt(owner, resealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void rotatingAnOrganizationsKeys_rotatesEveryAccountThatHasOne_andNamesThoseWithout() {
        Api api = newOrganization();
        String first = connectedAccount(api, "First");
        String second = connectedAccount(api, "Second");
        String neverConnected = api.post("/integrations/accounts", adsAccount("Never")).body().get("id").asText();
        String ofAnotherOrganization = connectedAccount(newOrganization(), "Elsewhere");
        String slack = api.post("/integrations/global",
                "{\"service_name\":\"slack\",\"credentials\":{\"bot_token\":\"xoxb-1-2-rotated\"}}").body().get("id").asText();

        JsonNode result = api.post("/integrations/keys/rotate", null).body();

        assertThat(result.get("rotated").findValuesAsText("account_id")).containsExactlyInAnyOrder(first, second);
        assertThat(result.get("rotated").findValuesAsText("key_version")).containsOnly("2");
        assertThat(result.get("without_key")).extracting(JsonNode::asText).containsExactly(neverConnected);
        assertThat(result.get("rotated_global_integrations").findValuesAsText("integration_id")).containsExactly(slack);
        assertThat(result.get("rotated_global_integrations").findValuesAsText("key_version")).containsExactly("2");
        assertThat(currentCiphertext(ofAnotherOrganization).keyVersion()).isEqualTo(1);
    }

    @Test
    void aRewrap_reSealsTheStoredCurrentCredentialsUnderTheNewestKeyVersion() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        String id = connectedAccount(api, "Rewrapped");
        // An operator rotated the key in the key store directly: the stored ciphertext is now one version behind.
        cipher.rotateKey(UUID.fromString(id));
        assertThat(currentCiphertext(id).keyVersion()).isEqualTo(1);

        Response rewrap = api.post("/integrations/keys/rewrap", null);

        assertThat(rewrap.status()).isEqualTo(200);
        assertThat(rewrap.body().get("rewrapped").asInt()).isEqualTo(1);
        EncryptedCredentials current = currentCiphertext(id);
        assertThat(current.keyVersion()).isEqualTo(2);
        assertThat(cipher.decrypt(CredentialOwner.accountCredentials(organization, UUID.fromString(id)), current))
                .isEqualTo(CREDENTIALS);
        assertThat(api.post("/integrations/keys/rewrap", null).body().get("already_current").asInt()).isEqualTo(1);
    }

    @Test
    void deletingAnAccount_shredsItsKey_theEventsRemainButTheirSecretsAreUnrecoverable() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        String id = connectedAccount(api, "Shredded");
        EncryptedCredentials sealed = sealedIn("AccountConnectedEvent", id).get(0);

        assertThat(api.delete("/integrations/accounts/" + id).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypesOf(id).contains("AccountCredentialsShreddedEvent"));
        assertThat(eventTypesOf(id)).containsExactly(
                "AccountCreatedEvent", "AccountConnectedEvent", "AccountDeletedEvent", "AccountCredentialsShreddedEvent");
        CredentialOwner owner = CredentialOwner.accountCredentials(organization, UUID.fromString(id));
        assertThatThrownBy(() -> cipher.decrypt(owner, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED)
                .hasMessageContaining("shredded");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM keyring_data_keys WHERE key_name = ? AND wrapped_key IS NOT NULL",
                Long.class, "owner-" + id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM account_credentials WHERE account_id = ?::uuid", Long.class, id))
                .isZero();
    }

    @Test
    void offboardingAnOrganization_deletesEveryAccount_andShredsEveryKey() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        String first = connectedAccount(api, "One");
        String second = api.post("/integrations/accounts", adsAccount("Two")).body().get("id").asText();
        String elsewhere = connectedAccount(newOrganization(), "Untouched");
        String slack = api.post("/integrations/global",
                "{\"service_name\":\"slack\",\"credentials\":{\"bot_token\":\"xoxb-1-2-offboarded\"}}").body().get("id").asText();

        Response offboarded = api.post("/integrations/organization/offboard",
                "{\"confirm_organization_id\":\"" + organization + "\"}");

        assertThat(offboarded.status()).isEqualTo(200);
        assertThat(offboarded.body().get("deleted_accounts")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(first, second);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                eventTypesOf(first).contains("AccountCredentialsShreddedEvent")
                        && eventTypesOf(second).contains("AccountCredentialsShreddedEvent"));
        // The offboarding answer carries no read-your-writes position, and the shredder is no read model:
        // the accounts read model shows the deletion on its own time.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/integrations/accounts/" + first).status() == 404);
        assertThat(eventTypesOf(elsewhere)).doesNotContain("AccountDeletedEvent");
        assertThat(offboarded.body().get("deleted_global_integrations")).extracting(JsonNode::asText).containsExactly(slack);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                eventTypesOf(slack).contains("GlobalIntegrationCredentialsShreddedEvent"));
    }

    @Test
    void offboardingWithoutTheOrganizationsIdInItsBody_isRefused_andDeletesNothing() {
        UUID organization = UUID.randomUUID();
        Api api = as(organization);
        String account = connectedAccount(api, "Kept");

        for (String body : new String[] {null, "{", "{}", "{\"confirm_organization_id\":\"" + UUID.randomUUID() + "\"}"}) {
            Response refused = api.post("/integrations/organization/offboard", body);

            assertThat(refused.status()).as("offboarding with %s", body).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        for (String destructive : new String[] {"/integrations/keys/rotate", "/integrations/keys/rewrap"}) {
            Response refused = api.post(destructive, "{");

            assertThat(refused.status()).as(destructive).isEqualTo(400);
            assertThat(refused.body().get("code").asText()).isEqualTo("malformed_body");
        }
        assertThat(eventTypesOf(account)).doesNotContain("AccountDeletedEvent", "AccountKeyRotatedEvent");
    }

    private static String connectedAccount(Api api, String name) {
        String id = api.post("/integrations/accounts", adsAccount(name)).body().get("id").asText();
        Response connected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|lifecycle\",\"profile_id\":\"42\"}}");
        assertThat(connected.status()).isEqualTo(200);
        return id;
    }

    private List<EncryptedCredentials> sealedIn(String eventType, String accountId) {
        return jdbc.queryForList("""
                        SELECT convert_from(payload, 'UTF8')::jsonb -> 'credentials' ->> 'ciphertext'
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?
                        ORDER BY sequence_number""", String.class, accountId, "io.tether.api.account." + eventType)
                .stream().map(EncryptedCredentials::new).toList();
    }

    private List<String> eventTypesOf(String accountId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number", String.class, accountId)
                .stream().map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private EncryptedCredentials currentCiphertext(String accountId) {
        return new EncryptedCredentials(jdbc.queryForObject(
                "SELECT ciphertext FROM account_credentials WHERE account_id = ?::uuid", String.class, accountId));
    }
}
