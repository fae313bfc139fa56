package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.app.Api.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HealthTest extends EndToEndTest {

    @Test
    void readiness_coversTheDatabaseAndTheEventProcessors_andOnlyOperatorsSeeTheDetails() {
        Response created = newOrganization().post("/integrations/accounts", adsAccount("Healthy"));
        newOrganization().get("/integrations/accounts", created.position());

        Response anonymous = anonymous().get("/actuator/health/readiness");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).isFalse();

        JsonNode detailed = as(UUID.randomUUID(), "metrics").get("/actuator/health/readiness").body();
        assertThat(detailed.at("/components/db/status").asText()).isEqualTo("UP");
        JsonNode processors = detailed.at("/components/eventProcessors/details/processors");
        assertThat(processors.has("integration-accounts")).isTrue();
        assertThat(processors.get("integration-accounts").get("error").asBoolean()).isFalse();
        assertThat(anonymous().get("/actuator/health/liveness").body().get("status").asText()).isEqualTo("UP");
    }
}
