package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Internal workers get an account's credentials opened, and every such read is on record. */
class CredentialAccessTest extends EndToEndTest {

    private static final String PURPOSE = "{\"purpose\":\"nightly campaign sync\"}";

    @Test
    void aServiceGetsTheCredentials_andTheReadIsAnEventWithWhoAndWhy() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);

        Response read = as(organization, "service").post("/integrations/accounts/" + id + "/credentials", PURPOSE);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Cache-Control")).contains("no-store");
        assertThat(read.body().get("credentials").get("refresh_token").asText()).isEqualTo("Atzr|worker-secret");
        assertThat(read.body().get("integration_type").asText()).isEqualTo("ADS_API");
        JsonNode history = as(organization, "auditor").get("/audit/accounts/" + id + "/events").body().get("events");
        JsonNode recorded = history.get(history.size() - 1);
        assertThat(recorded.get("type").asText()).isEqualTo("AccountCredentialsReadEvent");
        assertThat(recorded.get("payload").get("purpose").asText()).isEqualTo("nightly campaign sync");
        assertThat(recorded.get("metadata").get("roles").asText()).isEqualTo("service");
        assertThat(recorded.toString()).doesNotContain("worker-secret");
    }

    @Test
    void onlyTheServiceRole_ofTheOwnOrganization_mayRead() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);
        String path = "/integrations/accounts/" + id + "/credentials";

        assertThat(as(organization, "admin").post(path, PURPOSE).status()).isEqualTo(403);
        assertThat(as(organization, "auditor").post(path, PURPOSE).status()).isEqualTo(403);
        assertThat(as(UUID.randomUUID(), "service").post(path, PURPOSE).status()).isEqualTo(404);
        assertThat(anonymous().post(path, PURPOSE).status()).isEqualTo(401);
    }

    @Test
    void aReadWithoutAPurpose_orOfAnAccountWithoutCredentials_isRefused() {
        UUID organization = UUID.randomUUID();
        String id = connectedAccount(organization);
        Api service = as(organization, "service");

        Response noPurpose = service.post("/integrations/accounts/" + id + "/credentials", "{}");
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.body().get("errors").findValuesAsText("field")).containsExactly("purpose");
        as(organization, "admin").post("/integrations/accounts/" + id + "/disconnect", null);
        assertThat(service.post("/integrations/accounts/" + id + "/credentials", PURPOSE).status()).isEqualTo(422);
        as(organization, "admin").delete("/integrations/accounts/" + id);
        assertThat(service.post("/integrations/accounts/" + id + "/credentials", PURPOSE).status()).isEqualTo(404);
    }

    private String connectedAccount(UUID organization) {
        Api admin = as(organization, "admin");
        String id = admin.post("/integrations/accounts", adsAccount("Worker " + UUID.randomUUID())).body().get("id").asText();
        admin.post("/integrations/accounts/" + id + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|worker-secret\"}}");
        return id;
    }
}
