package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Someone with write access to the database edits the event store behind Tether's back; the hash
 * chains find each kind of tampering and say where it starts.
 */
class TamperEvidenceTest extends EndToEndTest {

    @Test
    void untouchedHistories_verifyAsIntact() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);

        JsonNode result = verify(organization, id);

        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("events").asInt()).isEqualTo(4);
        JsonNode organizationWide = as(organization, "auditor").post("/audit/verify", "{}").body();
        assertThat(organizationWide.get("intact").asBoolean()).isTrue();
        assertThat(organizationWide.get("aggregates").asInt()).isEqualTo(1);
    }

    @Test
    void anEditedPayload_isFoundAtItsEvent() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " 'Tampered', 'Innocent'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0", id);

        assertBrokenAt(verify(organization, id), id, 0, "altered_event");
    }

    @Test
    void anEditedActor_isFoundAtItsEvent() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        jdbc.update("UPDATE domain_event_entry SET meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'),"
                + " '\"alice\"', '\"mallory\"'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 2", id);

        assertBrokenAt(verify(organization, id), id, 2, "altered_event");
    }

    @Test
    void aDeletedEvent_isFoundWhereTheGapIs() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1", id);

        assertBrokenAt(verify(organization, id), id, 1, "missing_event");
    }

    @Test
    void reorderedEvents_areFoundAtTheFirstMovedOne() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = ? AND sequence_number = 1", id);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 2", id);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = ? AND sequence_number = -1", id);

        assertBrokenAt(verify(organization, id), id, 1, "altered_event");
    }

    @Test
    void deletedLatestEvents_areFoundThroughTheChainHead() {
        UUID organization = UUID.randomUUID();
        String id = accountWithFourEvents(organization);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3", id);

        assertBrokenAt(verify(organization, id), id, 3, "missing_latest_events");
    }

    @Test
    void verifyingEverything_isForPlatformAdmins_andReportsEachBrokenAggregate() {
        UUID organization = UUID.randomUUID();
        String tampered = accountWithFourEvents(organization);
        accountWithFourEvents(organization);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2", tampered);

        assertThat(as(organization, "auditor").post("/audit/verify", "{\"scope\":\"all\"}").status()).isEqualTo(403);
        JsonNode everything = as(organization, "platform_admin").post("/audit/verify", "{\"scope\":\"all\"}").body();
        assertThat(everything.get("broken").findValuesAsText("aggregate_id")).contains(tampered);
        JsonNode organizationWide = as(organization, "auditor").post("/audit/verify", "{}").body();
        assertThat(organizationWide.get("aggregates").asInt()).isEqualTo(2);
        assertThat(organizationWide.get("broken").findValuesAsText("aggregate_id")).containsExactly(tampered);
    }

    @Test
    void aStreamWhoseAuditLogRowsWereDeleted_isStillVerifiedForItsOrganization() {
        UUID organization = UUID.randomUUID();
        String tampered = accountWithFourEvents(organization);
        forgottenByTheAuditLog(tampered);
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                + " 'Tampered', 'Innocent'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0", tampered);

        assertBrokenAt(verifyTheOrganizationOfOne(organization), tampered, 0, "altered_event");
    }

    @Test
    void aStreamWhoseEventsAndAuditLogRowsWereAllDeleted_isFoundForItsOrganizationThroughItsChainHead() {
        UUID organization = UUID.randomUUID();
        String erased = accountWithFourEvents(organization);
        forgottenByTheAuditLog(erased);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", erased);

        assertBrokenAt(verifyTheOrganizationOfOne(organization), erased, 0, "missing_latest_events");
    }

    /** The organization's verification, which found its one aggregate. */
    private JsonNode verifyTheOrganizationOfOne(UUID organization) {
        JsonNode organizationWide = as(organization, "auditor").post("/audit/verify", "{}").body();
        assertThat(organizationWide.get("aggregates").asInt()).isEqualTo(1);
        return organizationWide;
    }

    /** The audit log's rows of the aggregate deleted once the log has all four: its read model no longer knows it. */
    private void forgottenByTheAuditLog(String aggregateId) {
        await().until(() -> jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE aggregate_id = ?", Long.class,
                aggregateId) == 4);
        jdbc.update("DELETE FROM audit_log WHERE aggregate_id = ?", aggregateId);
        jdbc.update("DELETE FROM audit_aggregates WHERE aggregate_id = ?", aggregateId);
    }

    private String accountWithFourEvents(UUID organization) {
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Tampered " + UUID.randomUUID())).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|chain\"}}");
        admin.post("/integrations/accounts/" + id + "/mark-failed", "{\"error_message\":\"expired\"}");
        admin.post("/integrations/accounts/" + id + "/disconnect", null);
        return id;
    }

    private JsonNode verify(UUID organization, String aggregateId) {
        Response response = as(organization, "auditor").post("/audit/verify", "{\"aggregate_id\":\"" + aggregateId + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private static void assertBrokenAt(JsonNode result, String aggregateId, long sequence, String problem) {
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("broken")).hasSize(1);
        JsonNode link = result.get("broken").get(0);
        assertThat(link.get("aggregate_id").asText()).isEqualTo(aggregateId);
        assertThat(link.get("sequence_number").asLong()).isEqualTo(sequence);
        assertThat(link.get("problem").asText()).isEqualTo(problem);
    }
}
