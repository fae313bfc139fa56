package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import io.tether.app.vault.VaultStandIn;
import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tether configured for Vault transit, as docker-compose runs it, against the Vault stand-in (no
 * Vault server can run here): logged in with an AppRole, each account sealed under a key of its own.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.credentials.cipher=vault",
                "tether.vault.transit-path=tether-transit"})
class VaultCredentialsTest {

    private static final VaultStandIn VAULT = VaultStandIn.start();
    private static final String MOUNT = "tether-transit";

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HealthEndpoint health;

    @DynamicPropertySource
    static void vault(DynamicPropertyRegistry registry) {
        AppRoleCredentials appRole = VAULT.enableAppRole();
        registry.add("tether.vault.uri", () -> VAULT.uri().toString());
        registry.add("tether.vault.role-id", appRole::roleId);
        registry.add("tether.vault.secret-id", appRole::secretId);
        registry.add("tether.data-dir", () -> Path.of("target", "test-data", "vault-" + UUID.randomUUID()).toString());
    }

    @AfterEach
    void unseal() {
        VAULT.unseal();
    }

    @AfterAll
    static void stopVault() {
        VAULT.close();
    }

    @Test
    void connecting_sealsTheCredentialsInVault_underTheAccountsOwnKey_andRotationStartsVersionTwo() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String id = api.post("/integrations/accounts", EndToEndTest.adsAccount("In Vault")).body().get("id").asText();

        Response connected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|sealed-by-vault\"}}");

        assertThat(connected.status()).isEqualTo(200);
        assertThat(ciphertextsOf(id)).singleElement().asString().startsWith("vault:v1:").doesNotContain("sealed-by-vault");
        assertThat(VAULT.keyExists(MOUNT, "tether-" + id)).isTrue();
        assertThat(api.post("/integrations/accounts/" + id + "/key/rotate", null).body().get("key_version").asInt()).isEqualTo(2);
        assertThat(VAULT.latestKeyVersion(MOUNT, "tether-" + id)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT ciphertext FROM account_credentials WHERE account_id = ?::uuid", String.class, id))
                .startsWith("vault:v2:");
    }

    @Test
    void deletingAnAccount_deletesItsVaultKey() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String id = api.post("/integrations/accounts", EndToEndTest.adsAccount("Doomed")).body().get("id").asText();
        api.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|doomed\"}}");
        assertThat(VAULT.keyExists(MOUNT, "tether-" + id)).isTrue();

        api.delete("/integrations/accounts/" + id);

        await().atMost(Duration.ofSeconds(10)).until(() -> !VAULT.keyExists(MOUNT, "tether-" + id));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%ShreddedEvent'",
                Long.class, id) == 1);
    }

    @Test
    void aSealedVault_failsTheCommandWith503_appendsNothing_andShowsInHealth() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String id = api.post("/integrations/accounts", EndToEndTest.adsAccount("Outage")).body().get("id").asText();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        VAULT.seal();
        Response refused = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|during-outage\"}}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.body().get("code").asText()).isEqualTo("credential_store_unavailable");
        assertThat(refused.rawBody()).doesNotContain("during-outage");
        assertThat(EndToEndTest.eventsCausedBy(jdbc, java.util.List.of(refused))).isZero();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        VAULT.unseal();
        assertThat(api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|after-outage\"}}").status()).isEqualTo(200);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private java.util.List<String> ciphertextsOf(String accountId) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8')::jsonb -> 'credentials' ->> 'ciphertext'"
                + " FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%AccountConnectedEvent'",
                String.class, accountId);
    }
}
