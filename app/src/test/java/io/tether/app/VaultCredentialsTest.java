package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.app.Api.Response;
import io.tether.app.vault.TetherVaultSetup;
import io.tether.app.vault.VaultStandIn;
import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import io.tether.infrastructure.audit.AuditDigests;
import io.tether.infrastructure.audit.DigestVerifier;
import io.tether.infrastructure.audit.DigestVerifier.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * Vault server can run here): logged in with the AppRole that {@code vault/init.sh} creates, under the
 * repository's policy, each account sealed under a key of its own.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                "tether.credentials.cipher=vault",
                "tether.vault.shredding-retry-interval=1s"})
class VaultCredentialsTest {

    private static final VaultStandIn VAULT = VaultStandIn.start();
    private static final String MOUNT = TetherVaultSetup.MOUNT;
    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "vault-" + UUID.randomUUID());

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HealthEndpoint health;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void vault(DynamicPropertyRegistry registry) {
        AppRoleCredentials appRole = TetherVaultSetup.prepare(VAULT);
        registry.add("tether.vault.uri", () -> VAULT.uri().toString());
        registry.add("tether.vault.role-id", appRole::roleId);
        registry.add("tether.vault.secret-id", appRole::secretId);
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
    }

    @AfterEach
    void unsealAndRestoreThePolicy() {
        VAULT.unseal();
        VAULT.writePolicy("tether", TetherVaultSetup.policy());
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
    void auditDigests_areSignedWithVaultTransit_underAKeyOfTheirOwn_andVerify() throws Exception {
        Api platformAdmin = new Api(http, Tokens.forOrganization(UUID.randomUUID(), "platform_admin"));
        new Api(http, Tokens.forOrganization(UUID.randomUUID())).post("/integrations/accounts", EndToEndTest.adsAccount("Digested"));

        Response digest = platformAdmin.post("/admin/audit/digests", null);

        assertThat(digest.status()).as(digest.toString()).isEqualTo(201);
        Path digests = DATA_DIRECTORY.resolve("audit-digests");
        JsonNode written = AuditDigests.read(Files.readAllBytes(digests.resolve(AuditDigests.fileName(digest.body().get("number").asLong()))));
        assertThat(written.get("signing_key").get("key_id").asText()).isEqualTo("vault:tether-audit-digests:v1");
        assertThat(VAULT.keyExists(MOUNT, "tether-audit-digests")).isTrue();
        try (Connection database = jdbc.getDataSource().getConnection()) {
            Report report = DigestVerifier.verify(digests, null, database);
            assertThat(report.findings()).isEmpty();
            assertThat(report.clean()).isTrue();
        }
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

    @Test
    void aPolicyWithoutDelete_leavesTheShreddingPending_inTheAuditMetricAndHealth_andRetriesIt_untilThePolicyAllows() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String id = api.post("/integrations/accounts", EndToEndTest.adsAccount("Undeletable")).body().get("id").asText();
        api.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|kept\"}}");
        VAULT.writePolicy("tether", TetherVaultSetup.policyWithout("delete"));

        assertThat(api.delete("/integrations/accounts/" + id).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> pendingReason(id) != null);
        assertThat(pendingReason(id)).isEqualTo("credential_store_permission_denied");
        assertThat(meters.get("tether.credentials.shreddings.pending").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(health.healthForPath("shredding").toString()).contains("credential_store_permission_denied", id);
        assertThat(VAULT.keyExists(MOUNT, "tether-" + id)).isTrue();
        assertThat(shreddedEventsOf(id)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEventReasonsOf(id).size() == 1);
        assertThat(pendingEventReasonsOf(id)).containsExactly("credential_store_permission_denied");
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingAttempts(id) >= 2);
        assertThat(pendingEventReasonsOf(id)).as("on record once per reason, not once per retry").hasSize(1);

        VAULT.writePolicy("tether", TetherVaultSetup.policy());

        await().atMost(Duration.ofSeconds(30)).until(() -> shreddedEventsOf(id) == 1);
        assertThat(VAULT.keyExists(MOUNT, "tether-" + id)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingReason(id) == null);
    }

    @Test
    void aPolicyRefusal_isAnsweredAsAProblemNamingIt_notAsARetryableOutage_andAppendsNothing() {
        Api api = new Api(http, Tokens.forOrganization(UUID.randomUUID()));
        String id = api.post("/integrations/accounts", EndToEndTest.adsAccount("Refused")).body().get("id").asText();
        VAULT.writePolicy("tether", TetherVaultSetup.policyWithout("update"));

        Response refused = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|refused\"}}");

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.header("Retry-After")).isNull();
        assertThat(refused.body().get("code").asText()).isEqualTo("credential_store_permission_denied");
        assertThat(refused.body().get("detail").asText()).contains("policies", "transit/keys/tether-" + id);
        assertThat(refused.rawBody()).doesNotContain("Atzr|refused");
        assertThat(EndToEndTest.eventsCausedBy(jdbc, java.util.List.of(refused))).isZero();
        assertThat(health.healthForPath("vault").getStatus()).isEqualTo(Status.UP);
    }

    private String pendingReason(String ownerId) {
        return jdbc.queryForList("SELECT reason FROM pending_shreddings WHERE owner_id = ?::uuid", String.class, ownerId)
                .stream().findFirst().orElse(null);
    }

    private java.util.List<String> pendingEventReasonsOf(String accountId) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'reason' FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type LIKE '%ShreddingPendingEvent'", String.class, accountId);
    }

    private int pendingAttempts(String ownerId) {
        return jdbc.queryForList("SELECT attempts FROM pending_shreddings WHERE owner_id = ?::uuid", Integer.class, ownerId)
                .stream().findFirst().orElse(0);
    }

    private long shreddedEventsOf(String accountId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%ShreddedEvent'",
                Long.class, accountId);
    }

    private java.util.List<String> ciphertextsOf(String accountId) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8')::jsonb -> 'credentials' ->> 'ciphertext'"
                + " FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%AccountConnectedEvent'",
                String.class, accountId);
    }
}
