package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** What an auditor reads: each account's decoded history, its state at any moment, and the organization's log. */
class AuditTrailTest extends EndToEndTest {

    @Test
    void anAccountsHistory_isEveryEventInOrder_withWhoAndFromWhere_andCiphertextShownOnlyAsSealed() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Audited")).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|audited\"}}",
                Map.of("X-Request-Id", "audit-connect"));
        admin.post("/integrations/accounts/" + id + "/disconnect", null);

        Response history = as(organization, "auditor").get("/audit/accounts/" + id + "/events");

        assertThat(history.status()).isEqualTo(200);
        JsonNode events = history.body().get("events");
        assertThat(events.findValuesAsText("type"))
                .containsExactly("AccountCreatedEvent", "AccountConnectedEvent", "AccountDisconnectedEvent");
        assertThat(events.findValuesAsText("sequence_number")).containsExactly("0", "1", "2");
        JsonNode sealed = events.get(1).get("payload").get("credentials");
        assertThat(sealed.get("encrypted").asBoolean()).isTrue();
        assertThat(sealed.get("key_version").asInt()).isEqualTo(1);
        assertThat(sealed.get("key_shredded").asBoolean()).isFalse();
        assertThat(history.rawBody()).doesNotContain("ciphertext").doesNotContain("local:v1:").doesNotContain("Atzr");
        JsonNode metadata = events.get(1).get("metadata");
        assertThat(metadata.get("actor").asText()).isEqualTo("alice");
        assertThat(metadata.get("request_id").asText()).isEqualTo("audit-connect");
        assertThat(metadata.get("command").asText()).isEqualTo("ConnectAccountCommand");
        assertThat(metadata.get("hash").asText()).hasSize(64);
    }

    @Test
    void afterDeletion_theHistoryShowsTheKeyAsShredded() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Gone")).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|gone\"}}");
        admin.exchange(HttpMethod.DELETE, "/integrations/accounts/" + id, null, Map.of("X-Request-Id", "audit-delete"));
        Api auditor = as(organization, "auditor");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                auditor.get("/audit/accounts/" + id + "/events").body().get("credentials_shredded").asBoolean());
        JsonNode history = auditor.get("/audit/accounts/" + id + "/events").body();
        assertThat(history.get("events").get(1).get("payload").get("credentials").get("key_shredded").asBoolean()).isTrue();
        JsonNode shredding = history.get("events").get(3);
        assertThat(shredding.get("type").asText()).isEqualTo("AccountCredentialsShreddedEvent");
        assertThat(shredding.get("metadata").get("command").asText()).isEqualTo("ShredAccountCredentialsCommand");
        // The shredding processor sends a command: the deletion's caller and request flow into its event
        // (correlation data), although the read models' processors no longer compute any.
        assertThat(shredding.get("metadata").get("actor").asText()).isEqualTo("alice");
        assertThat(shredding.get("metadata").get("request_id").asText()).isEqualTo("audit-delete");
        assertThat(shredding.get("metadata").get("traceId").asText())
                .isEqualTo(history.get("events").get(2).get("metadata").get("traceId").asText());
    }

    @Test
    void theAuditApi_isForAuditorsOfTheOrganizationOnly() {
        UUID organization = UUID.randomUUID();
        String id = as(organization, "admin").post("/integrations/accounts", adsAccount("Private")).body().get("id").asText();

        assertThat(as(organization, "admin").get("/audit/accounts/" + id + "/events").status()).isEqualTo(403);
        assertThat(as(organization, "admin").get("/audit/events").status()).isEqualTo(403);
        Response foreign = as(UUID.randomUUID(), "auditor").get("/audit/accounts/" + id + "/events");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(as(UUID.randomUUID(), "auditor").get("/audit/accounts/" + UUID.randomUUID() + "/events").status())
                .isEqualTo(404);
    }

    @Test
    void theStateAtAMoment_isTheAccountAsItWasThen_andNowItMatchesTheReadModel() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        Instant beforeCreation = Instant.now().minusSeconds(1);
        JsonNode created = admin.post("/integrations/accounts", adsAccount("Timeline")).body();
        String id = created.get("id").asText();
        Instant whileDisconnected = Instant.parse(created.get("created_at").asText());
        afterTheClockPasses(whileDisconnected);
        JsonNode connectedView = admin.post("/integrations/accounts/" + id + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|t\"}}").body();
        Instant whileConnected = Instant.parse(connectedView.get("updated_at").asText());
        afterTheClockPasses(whileConnected);
        Response failed = admin.post("/integrations/accounts/" + id + "/mark-failed", "{\"error_message\":\"revoked\"}");
        Api auditor = as(organization, "auditor");

        assertThat(stateAt(auditor, id, beforeCreation).get("existed").asBoolean()).isFalse();
        assertThat(stateAt(auditor, id, whileDisconnected).get("account").get("status").asText()).isEqualTo("DISCONNECTED");
        JsonNode connected = stateAt(auditor, id, whileConnected);
        assertThat(connected.get("account").get("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.get("events_applied").asInt()).isEqualTo(2);
        JsonNode now = stateAt(auditor, id, Instant.now().plusSeconds(1)).get("account");
        assertThat(now).isEqualTo(admin.get("/integrations/accounts/" + id, failed.position()).body());
    }

    @Test
    void theOrganizationsLog_filtersPagesAndExports() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        Response last = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = admin.post("/integrations/accounts", adsAccount("Logged " + i)).body().get("id").asText();
            ids.add(id);
            last = admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|l\"}}");
        }
        as(UUID.randomUUID(), "admin").post("/integrations/accounts", adsAccount("Someone else's"));
        Api auditor = as(organization, "auditor");
        Map<String, String> caughtUp = last.position();

        Response allAnswer = auditor.get("/audit/events", caughtUp);
        assertThat(allAnswer.header("Tether-Consistency")).isEqualTo("caught-up");
        JsonNode all = allAnswer.body();
        assertThat(all.get("items")).hasSize(6);
        assertThat(all.get("items").findValuesAsText("actor")).containsOnly("alice");
        assertThat(auditor.get("/audit/events?event_type=AccountConnectedEvent").body().get("items")).hasSize(3);
        assertThat(auditor.get("/audit/events?aggregate_id=" + ids.get(0)).body().get("items")).hasSize(2);
        assertThat(auditor.get("/audit/events?actor=bob").body().get("items")).isEmpty();
        JsonNode firstPage = auditor.get("/audit/events?limit=4").body();
        assertThat(firstPage.get("items")).hasSize(4);
        JsonNode secondPage = auditor.get("/audit/events?limit=4&cursor=" + firstPage.get("next_cursor").asText()).body();
        assertThat(secondPage.get("items")).hasSize(2);
        assertThat(secondPage.get("next_cursor").isNull()).isTrue();

        Response ndjson = auditor.get("/audit/events/export?format=NDJSON");
        assertThat(ndjson.header("Tether-Consistency")).as("no position asked for").isEqualTo("eventual");
        assertThat(ndjson.headers().getContentType().toString()).startsWith("application/x-ndjson");
        assertThat(ndjson.rawBody().lines()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("{\"global_index\""));
        Response csv = auditor.get("/audit/events/export?format=CSV&event_type=AccountCreatedEvent");
        assertThat(csv.rawBody().lines()).hasSize(4).first().asString().startsWith("global_index,organization_id");
    }

    /**
     * An export larger than the container's response buffer (8 KiB) leaves while it is written: sent chunked, before
     * its length is known, not held whole in memory and sent with a {@code Content-Length} at the end. The API's small
     * answers are kept whole on purpose (the infrastructure module's {@code WholeAnswersFilter} keeps Spring's flushes
     * from Tomcat); this is what that must never take from the export, nor a caching wrapper added later.
     */
    @Test
    void anExportLargerThanTheResponseBuffer_leavesWhileItIsWritten() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        Response last = null;
        for (int i = 0; i < 20; i++) {
            String id = admin.post("/integrations/accounts", adsAccount("Exported " + i)).body().get("id").asText();
            last = admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|x\"}}");
        }

        // The export waits for the audit log to hold the last connect, as every query given the position does.
        Response export = as(organization, "auditor").get("/audit/events/export?format=NDJSON", last.position());

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Tether-Consistency")).isEqualTo("caught-up");
        assertThat(export.rawBody().lines()).hasSize(40);
        assertThat(export.rawBody().getBytes(StandardCharsets.UTF_8).length).as("larger than Tomcat's 8 KiB buffer")
                .isGreaterThan(8192);
        assertThat(export.header(HttpHeaders.TRANSFER_ENCODING)).as(export.headers().toString()).isEqualTo("chunked");
        assertThat(export.header(HttpHeaders.CONTENT_LENGTH)).as(export.headers().toString()).isNull();
    }

    @Test
    void aGlobalIntegrationsStateAtAnInstant_isWhatItsReadModelShowedThen() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        Response created = GlobalIntegrations.createSlack(admin);
        String id = created.body().get("id").asText();
        Instant connected = Instant.parse(created.body().get("updated_at").asText());
        afterTheClockPasses(connected);
        Response disabled = GlobalIntegrations.patch(admin, id, "{\"enabled\":false,\"display_name\":\"Quiet Slack\"}");
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        Instant renamed = Instant.parse(disabled.body().get("updated_at").asText());
        afterTheClockPasses(renamed);
        assertThat(admin.delete(GlobalIntegrations.PATH + "/" + id).status()).isEqualTo(204);
        Api auditor = as(organization, "auditor");

        JsonNode before = stateOf(auditor, "/audit/global/" + id + "/state?at=" + connected);
        ObjectNode createdView = created.body().deepCopy();
        createdView.remove("webhook_secret");
        assertThat(before.get("integration")).as("the integration as its creation answered it").isEqualTo(createdView);
        JsonNode after = stateOf(auditor, "/audit/global/" + id + "/state?at=" + renamed);
        assertThat(after.get("integration")).as("the integration as the PATCH answered it").isEqualTo(disabled.body());
        JsonNode now = stateOf(auditor, "/audit/global/" + id + "/state?at=" + Instant.now().plusSeconds(60));
        assertThat(now.get("deleted").asBoolean()).isTrue();
        assertThat(now.get("integration").get("has_credentials").asBoolean()).isFalse();
        JsonNode earlier = stateOf(auditor, "/audit/global/" + id + "/state?at=" + connected.minusSeconds(3600));
        assertThat(earlier.get("existed").asBoolean()).isFalse();
        assertThat(as(UUID.randomUUID(), "auditor").get("/audit/global/" + id + "/state?at=" + renamed).status())
                .as("another organization's integration").isEqualTo(404);
    }

    @Test
    void aToolsStateAtAnInstant_isItsDefinitionThen() {
        Api platform = as(UUID.randomUUID(), "platform_admin");
        String slug = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        Response defined = platform.exchange(HttpMethod.PUT, "/integrations/tools/" + slug,
                "{\"display_name\":\"Audited\",\"required_integrations\":[\"slack\"]}", Map.of());
        assertThat(defined.status()).as(defined.toString()).isIn(200, 201);
        Instant first = Instant.parse(defined.body().get("updated_at").asText());
        afterTheClockPasses(first);
        Response redefined = platform.exchange(HttpMethod.PUT, "/integrations/tools/" + slug,
                "{\"display_name\":\"Audited again\",\"required_integrations\":[]}", Map.of());
        Api auditor = as(UUID.randomUUID(), "auditor");

        assertThat(stateOf(auditor, "/audit/tools/" + slug + "/state?at=" + first).get("tool")).isEqualTo(defined.body());
        JsonNode now = stateOf(auditor, "/audit/tools/" + slug + "/state?at=" + Instant.now().plusSeconds(60));
        assertThat(now.get("tool")).isEqualTo(redefined.body());
        assertThat(now.get("events_applied").asInt()).isEqualTo(2);
        assertThat(auditor.get("/audit/tools/no-such-tool/state?at=" + first).status()).isEqualTo(404);
    }

    private static JsonNode stateOf(Api auditor, String path) {
        Response state = auditor.get(path);
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        return state.body();
    }

    private static JsonNode stateAt(Api auditor, String id, Instant at) {
        Response state = auditor.get("/audit/accounts/" + id + "/state?at=" + at);
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        return state.body();
    }

    /** Event timestamps have millisecond precision: the next event must carry a later one. */
    private static void afterTheClockPasses(Instant instant) {
        await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().toEpochMilli() > instant.toEpochMilli());
    }
}
