package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** REST → command → event → projection → REST, for the whole life of an account. */
class AccountLifecycleTest extends EndToEndTest {

    @Test
    void anAccount_goesThroughItsWholeLifecycle_andEachStepIsVisibleToQueries() {
        Api api = newOrganization();

        Response created = api.post("/integrations/accounts", adsAccount("  EU Ads  "));
        assertThat(created.status()).isEqualTo(201);
        JsonNode account = created.body();
        String id = account.get("id").asText();
        assertThat(created.header("Location")).endsWith("/integrations/accounts/" + id);
        assertThat(account.get("account_name").asText()).isEqualTo("EU Ads");
        assertThat(account.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(account.get("has_credentials").asBoolean()).isFalse();
        assertThat(account.has("credentials")).isFalse();

        Response read = api.get("/integrations/accounts/" + id, created.position());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Tether-Consistency")).isEqualTo("caught-up");
        assertThat(read.body()).isEqualTo(account);
        Response listed = api.get("/integrations/accounts", created.position());
        assertThat(listed.body().get("items")).containsExactly(account);

        Response connected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|secret\",\"profile_id\":\"123456\"}}");
        assertThat(connected.status()).isEqualTo(200);
        assertThat(connected.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.body().get("has_credentials").asBoolean()).isTrue();
        assertThat(connected.body().get("connected_at").isNull()).isFalse();
        assertThat(connected.rawBody()).doesNotContain("Atzr|secret");
        assertThat(api.get("/integrations/accounts/" + id, connected.position()).body()).isEqualTo(connected.body());

        Response failed = api.post("/integrations/accounts/" + id + "/mark-failed",
                "{\"error_message\":\"Amazon refused the refresh token: reconnect the account\"}");
        assertThat(failed.status()).isEqualTo(200);
        JsonNode failedView = api.get("/integrations/accounts/" + id, failed.position()).body();
        assertThat(failedView.get("status").asText()).isEqualTo("ERROR");
        assertThat(failedView.get("error_message").asText()).contains("reconnect the account");
        assertThat(failedView.get("has_credentials").asBoolean()).isTrue();

        Response reconnected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|fresh\"}}");
        assertThat(api.get("/integrations/accounts/" + id, reconnected.position()).body().get("error_message").isNull())
                .isTrue();

        Response disconnected = api.post("/integrations/accounts/" + id + "/disconnect", null);
        assertThat(disconnected.status()).isEqualTo(200);
        JsonNode disconnectedView = api.get("/integrations/accounts/" + id, disconnected.position()).body();
        assertThat(disconnectedView.get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(disconnectedView.get("has_credentials").asBoolean()).isFalse();
        assertThat(disconnectedView.get("connected_at").isNull()).isTrue();
        assertThat(api.get("/integrations/accounts?status=DISCONNECTED", disconnected.position())
                .body().get("items")).hasSize(1);
        assertThat(api.get("/integrations/accounts?status=CONNECTED", disconnected.position())
                .body().get("items")).isEmpty();

        Response deleted = api.delete("/integrations/accounts/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        Response gone = api.get("/integrations/accounts/" + id, deleted.position());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("code").asText()).isEqualTo("account_not_found");
        assertThat(api.get("/integrations/accounts", deleted.position()).body().get("items")).isEmpty();
        assertThat(api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|late\"}}").status()).isEqualTo(404);
    }

    @Test
    void aLongLivedAccount_isSnapshotted_withoutSecrets_andKeepsWorkingFromItsSnapshot() {
        Api api = newOrganization();
        String id = api.post("/integrations/accounts", adsAccount("Long-lived")).body().get("id").asText();
        String canary = "Atzr|snapshot-CANARY-" + UUID.randomUUID();
        for (int i = 0; i < 55; i++) {
            assertThat(api.post("/integrations/accounts/" + id + "/connect",
                    "{\"credentials\":{\"refresh_token\":\"" + canary + "\"}}").status()).isEqualTo(200);
            assertThat(api.post("/integrations/accounts/" + id + "/disconnect", null).status()).isEqualTo(200);
        }

        List<Map<String, Object>> snapshots = jdbc.queryForList("SELECT sequence_number, convert_from(payload, 'UTF8') AS state"
                + " FROM snapshot_event_entry WHERE aggregate_identifier = ?", id);
        assertThat(snapshots).hasSize(1);
        assertThat((Long) snapshots.get(0).get("sequence_number")).as("taken once 100 events were loaded").isEqualTo(99);
        assertThat((String) snapshots.get(0).get("state")).contains("Long-lived").doesNotContain(canary);

        Response connected = api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"" + canary + "\"}}");
        assertThat(connected.status()).isEqualTo(200);
        assertThat(connected.body().get("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.body().get("account_name").asText()).isEqualTo("Long-lived");
        assertThat(api.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{}}").status())
                .as("the state loaded from the snapshot still checks the credentials' shape").isEqualTo(400);
    }

    @Test
    void aSnapshotOfTheShapeBeforeTheOAuthEntity_isNotRead_theAccountIsRebuiltFromItsEvents() {
        Api api = newOrganization();
        JsonNode account = api.post("/integrations/accounts", adsAccount("Old snapshot")).body();
        String id = account.get("id").asText();
        assertThat(api.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|old-snapshot\"}}").status()).isEqualTo(200);
        // Snapshots had no revision before the OAuth flow became an entity. Were this one read, the account
        // would be deleted and refuse the disconnect.
        String type = jdbc.queryForObject("SELECT type FROM domain_event_entry WHERE aggregate_identifier = ? LIMIT 1",
                String.class, id);
        String oldShape = "{\"accountId\":\"" + id + "\",\"organizationId\":\"" + account.get("organization_id").asText()
                + "\",\"status\":\"CONNECTED\",\"deleted\":true,\"pendingOAuth\":null}";
        jdbc.update("""
                        INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            time_stamp, payload_type, payload_revision, payload)
                        VALUES (?, 1, ?, ?, '2026-01-01T00:00:00Z', 'io.tether.command.account.IntegrationAccount', NULL, ?)""",
                id, type, UUID.randomUUID().toString(), oldShape.getBytes(StandardCharsets.UTF_8));

        Response disconnected = api.post("/integrations/accounts/" + id + "/disconnect", null);

        assertThat(disconnected.status()).as(disconnected.toString()).isEqualTo(200);
        assertThat(disconnected.body().get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void anotherOrganization_seesNoneOfTheAccounts_andCannotChangeThem() {
        Api owner = newOrganization();
        Api stranger = newOrganization();
        Response created = owner.post("/integrations/accounts", adsAccount("Mine"));
        String path = "/integrations/accounts/" + created.body().get("id").asText();
        owner.get(path, created.position());

        assertThat(stranger.get(path).status()).isEqualTo(404);
        assertThat(stranger.get("/integrations/accounts", created.position()).body().get("items")).isEmpty();
        List<Response> attempts = List.of(
                stranger.post(path + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|x\"}}"),
                stranger.post(path + "/disconnect", null),
                stranger.post(path + "/mark-failed", "{\"error_message\":\"no\"}"),
                stranger.delete(path));
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.status()).isEqualTo(404);
            assertThat(attempt.body().get("code").asText()).isEqualTo("account_not_found");
        });
        // The same answer as for an account that does not exist at all, or an id of another kind of aggregate.
        String globalIntegration = owner.post("/integrations/global",
                "{\"service_name\":\"slack\",\"credentials\":{\"bot_token\":\"xoxb-1-2-abc\"}}").body().get("id").asText();
        assertThat(owner.post("/integrations/accounts/" + globalIntegration + "/disconnect", null).status()).isEqualTo(404);
        assertThat(stranger.delete("/integrations/accounts/" + UUID.randomUUID()).body().get("code").asText())
                .isEqualTo("account_not_found");

        assertThat(eventsCausedBy(attempts.toArray(Response[]::new))).isZero();
        assertThat(owner.get(path).body().get("status").asText()).isEqualTo("DISCONNECTED");
    }

    @Test
    void everyEvent_recordsWhoActed_forWhichOrganization_andFromWhere() throws Exception {
        UUID organization = UUID.randomUUID();
        Response created = as(organization).post("/integrations/accounts", adsAccount("Audited"),
                Map.of("X-Request-Id", "req-42", "User-Agent", "tether-frontend/1.0"));
        assertThat(created.header("X-Request-Id")).isEqualTo("req-42");

        byte[] metadata = jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class,
                created.body().get("id").asText());
        JsonNode recorded = new ObjectMapper().readTree(metadata);
        assertThat(recorded.get("actor").asText()).isEqualTo("alice");
        assertThat(recorded.get("organization_id").asText()).isEqualTo(organization.toString());
        assertThat(recorded.get("roles").asText()).isEqualTo("admin");
        assertThat(recorded.get("request_id").asText()).isEqualTo("req-42");
        assertThat(recorded.get("user_agent").asText()).isEqualTo("tether-frontend/1.0");
        assertThat(recorded.get("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(recorded.get("correlationId").asText()).isNotBlank();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void credentials_neverReachAnyTableLogOrResponseInPlaintext(CapturedOutput logs) {
        Api api = newOrganization();
        String canary = "Atzr|CANARY-" + UUID.randomUUID();
        Response created = api.post("/integrations/accounts", adsAccount("Canary"));
        Response connected = api.post("/integrations/accounts/" + created.body().get("id").asText() + "/connect",
                "{\"credentials\":{\"refresh_token\":\"" + canary + "\"}}");
        api.get("/integrations/accounts", connected.position());

        String secret = canary.substring("Atzr|".length());
        String base64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        // The scan itself must see inside binary columns: the ciphertext prefix is there to be found.
        assertThat(tablesContaining("local:v1:")).contains("domain_event_entry");
        assertThat(tablesContaining(secret)).isEmpty();
        assertThat(tablesContaining(base64)).isEmpty();
        assertThat(connected.rawBody()).doesNotContain(secret);
        assertThat(api.get("/integrations/accounts").rawBody()).doesNotContain(secret).doesNotContain(base64);
        assertThat(logs.getAll()).contains("POST").doesNotContain(secret).doesNotContain(base64);
    }

    /** Every table of the schema whose text or binary columns contain the needle. */
    private List<String> tablesContaining(String needle) {
        List<String> tables = new ArrayList<>();
        for (String table : jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class)) {
            List<String> binaryColumns = jdbc.queryForList("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name = ? AND data_type = 'bytea'", String.class, table);
            StringBuilder condition = new StringBuilder("strpos(t::text, ?::text) > 0");
            for (String column : binaryColumns) {
                condition.append(" OR position(convert_to(?::text, 'UTF8') in coalesce(").append(column).append(", ''::bytea)) > 0");
            }
            Object[] arguments = new Object[binaryColumns.size() + 1];
            java.util.Arrays.fill(arguments, needle);
            Long hits = jdbc.queryForObject("SELECT count(*) FROM " + table + " t WHERE " + condition, Long.class, arguments);
            if (hits > 0) {
                tables.add(table);
            }
        }
        return tables;
    }
}
