package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event that a read model's handler cannot take (here one stored by a buggy writer, with a region
 * no Tether knows) goes to the dead-letter queue; the projection goes on with the events after it,
 * and once the cause is fixed a retry brings the event in.
 */
class PoisonEventTest extends EndToEndTest {

    @Test
    void aPoisonEvent_isDeadLettered_theProjectionGoesOn_andARetryAfterTheFixBringsItIn() {
        UUID organization = UUID.randomUUID();
        String poisoned = UUID.randomUUID().toString();
        appendCreationWithRegion(poisoned, organization, "MARS");
        Api admin = as(organization, "admin");
        Response healthy = admin.post("/integrations/accounts", adsAccount("Healthy"));

        Response list = admin.get("/integrations/accounts", healthy.position());
        assertThat(list.header("Tether-Consistency")).isEqualTo("caught-up");
        assertThat(list.body().get("items").findValuesAsText("account_name")).containsExactly("Healthy");
        Api platformAdmin = as(organization, "platform_admin");
        JsonNode letters = accountLetters(platformAdmin);
        assertThat(letters.findValuesAsText("aggregate_id")).containsExactly(poisoned);
        assertThat(letters.get(0).get("cause_message").asText()).isNotBlank();

        JsonNode stillBroken = platformAdmin.post("/admin/dead-letters/integration-accounts/retry", null).body();
        assertThat(stillBroken.get("processed").asInt()).isZero();
        assertThat(stillBroken.get("sequences_left").asInt()).isEqualTo(1);

        // The fix, as a data repair: the stored event, and the dead letter's own copy of it, get the region meant.
        for (String table : new String[] {"domain_event_entry", "dead_letter_entry"}) {
            jdbc.update("UPDATE " + table + " SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'MARS', 'EU'),"
                    + " 'UTF8') WHERE aggregate_identifier = ?", poisoned);
        }
        JsonNode retried = platformAdmin.post("/admin/dead-letters/integration-accounts/retry", null).body();

        assertThat(retried.get("processed").asInt()).isEqualTo(1);
        assertThat(accountLetters(platformAdmin).findValuesAsText("aggregate_id")).doesNotContain(poisoned);
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/integrations/accounts/" + poisoned).status() == 200);
        assertThat(admin.get("/integrations/accounts/" + poisoned).body().get("region").asText()).isEqualTo("EU");
    }

    @Test
    void deadLetters_areForPlatformAdminsOnly() {
        assertThat(as(UUID.randomUUID(), "admin").get("/admin/dead-letters").status()).isEqualTo(403);
        assertThat(as(UUID.randomUUID(), "admin").post("/admin/dead-letters/integration-accounts/retry", null).status())
                .isEqualTo(403);
    }

    @Test
    void everyReadModel_hasADeadLetterQueue_listedByName() {
        Api platformAdmin = as(UUID.randomUUID(), "platform_admin");

        List<String> groups = new ArrayList<>();
        platformAdmin.get("/admin/dead-letters").body().forEach(queue -> groups.add(queue.get("processing_group").asText()));

        assertThat(groups).containsExactly("audit-log", "global-integrations", "integration-accounts", "tools");
    }

    private JsonNode accountLetters(Api platformAdmin) {
        JsonNode queues = platformAdmin.get("/admin/dead-letters").body();
        for (JsonNode queue : queues) {
            if (queue.get("processing_group").asText().equals("integration-accounts")) {
                return queue.get("letters");
            }
        }
        throw new AssertionError("No dead-letter queue for integration-accounts in " + queues);
    }

    private void appendCreationWithRegion(String accountId, UUID organization, String region) {
        String payload = """
                {"accountId":"%s","organizationId":"%s","marketplace":"AMAZON","integrationType":"ADS_API",\
                "accountName":"Poisoned","region":"%s"}""".formatted(accountId, organization, region);
        jdbc.update("""
                INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (nextval('domain_event_entry_seq'), ?, ?, 0, 'IntegrationAccount', ?,
                    'io.tether.api.account.AccountCreatedEvent', '1', convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))""",
                UUID.randomUUID().toString(), accountId, Instant.now().toString(), payload,
                "{\"organization_id\":\"" + organization + "\"}");
    }
}
