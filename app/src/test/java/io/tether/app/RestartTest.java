package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded default keeps everything in its data directory: a restart loses nothing. */
class RestartTest {

    @Test
    void aRestartedApp_keepsItsAccountsTheirHistoryAndTheirCredentials() {
        Path dataDirectory = Path.of("target", "test-data", "restart-" + UUID.randomUUID());
        UUID organization = UUID.randomUUID();
        String accountId;
        long position;

        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            Api api = Api.of(first, organization);
            Response created = api.post("/integrations/accounts", EndToEndTest.adsAccount("Survivor"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            accountId = created.body().get("id").asText();
            Response connected = api.post("/integrations/accounts/" + accountId + "/connect",
                    "{\"credentials\":{\"refresh_token\":\"Atzr|kept\"}}");
            position = Long.parseLong(connected.header("Tether-Position"));
            assertThat(api.get("/integrations/accounts/" + accountId, connected.position()).header("Tether-Consistency"))
                    .isEqualTo("caught-up");
        }

        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            Api api = Api.of(second, organization);
            Response account = api.get("/integrations/accounts/" + accountId);
            assertThat(account.status()).isEqualTo(200);
            assertThat(account.body().get("status").asText()).isEqualTo("CONNECTED");
            assertThat(account.body().get("account_name").asText()).isEqualTo("Survivor");
            assertThat(second.getBean(JdbcTemplate.class).queryForList(
                    "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                    String.class, accountId))
                    .containsExactly("io.tether.api.account.AccountCreatedEvent", "io.tether.api.account.AccountConnectedEvent");

            // The aggregate is rebuilt from the stored events, and the keyring key survived with them:
            // a reconnect (which needs the loaded state) and a disconnect both still work.
            Response disconnected = api.post("/integrations/accounts/" + accountId + "/disconnect", null);
            assertThat(disconnected.status()).isEqualTo(200);
            assertThat(Long.parseLong(disconnected.header("Tether-Position"))).isGreaterThan(position);
            assertThat(api.post("/integrations/accounts", EndToEndTest.adsAccount("Survivor")).status()).isEqualTo(409);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDirectory) {
        return new SpringApplicationBuilder(TetherApplication.class).run(
                "--server.port=0",
                "--tether.data-dir=" + dataDirectory,
                "--tether.security.jwt.hmac-secret=" + Tokens.SECRET);
    }
}
