package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.app.Api.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded default keeps everything in its data directory: a restart loses nothing. These nodes
 * run their read models on one segment each, Tether's default (the suite's test configuration sets
 * two for every other test), so that the default is also run end to end, restart and replay included.
 */
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
            assertThat(first.getBean(JdbcTemplate.class).queryForList(
                    "SELECT DISTINCT segment FROM token_entry WHERE processor_name = 'integration-accounts'", Integer.class))
                    .as("the accounts read model's segments").containsExactly(0);
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

    /**
     * A replay right after a restart, before anything new is appended, reads every stored event. The
     * embedded store's producer has nothing in its cache then: a processor's stream that ended before
     * the newest event would wait for an append that never comes (streams that ended at their first
     * short batch did, docs/benchmarks.md, seventh session; the first window from no token is one
     * place short of a batch, so more than a batch of events is needed to see it).
     */
    @Test
    void aReplayRightAfterARestart_readsEveryStoredEvent() {
        Path dataDirectory = Path.of("target", "test-data", "replay-after-restart-" + UUID.randomUUID());
        UUID organization = UUID.randomUUID();
        int accounts = 150;

        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            for (int i = 0; i < accounts; i++) {
                commands.sendAndWait(new CreateAccountCommand(UUID.randomUUID(), organization, Marketplace.AMAZON,
                        IntegrationType.ADS_API, "Replayed " + i, Region.EU));
            }
        }

        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            Api platformAdmin = Api.of(second, organization, "platform_admin");
            assertThat(platformAdmin.post("/admin/projections/integration-accounts/replay", null).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(second.getBean(JdbcTemplate.class).queryForObject(
                            "SELECT count(*) FROM integration_accounts WHERE organization_id = ?", Integer.class, organization))
                            .isEqualTo(accounts));
        }
    }

    /**
     * The embedded PostgreSQL starts alongside the context; a start that fails stops it again, so the
     * next start finds its data directory free (a server left behind would hold the cluster's lock).
     */
    @Test
    void aStartThatFails_leavesNoEmbeddedPostgresBehind() {
        Path dataDirectory = Path.of("target", "test-data", "failed-start-" + UUID.randomUUID());

        assertThatThrownBy(() -> start(dataDirectory, "too-short-for-hs256"))
                .hasStackTraceContaining("TETHER_JWT_SECRET must be at least");

        try (ConfigurableApplicationContext next = start(dataDirectory)) {
            assertThat(next.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    /** Even a start that fails before any bean has asked for the database stops the server it began. */
    @Test
    void aStartThatFailsWhileReadingTheContext_stopsTheEmbeddedPostgresItBegan() throws Exception {
        Path dataDirectory = Path.of("target", "test-data", "failed-early-" + UUID.randomUUID());

        assertThatThrownBy(() -> new SpringApplicationBuilder(FailsWhileReadingTheContext.class)
                .web(WebApplicationType.NONE).run("--tether.data-dir=" + dataDirectory))
                .hasStackTraceContaining("fails while the context is read");

        // The start that failed had closed the cluster to passwordless connections: the superuser's is in the data directory.
        try (EmbeddedPostgres again = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("postgres")).setCleanDataDirectory(false)
                .setConnectConfig("password", Files.readString(dataDirectory.resolve("postgres-superuser-password")).strip())
                .start();
             Connection connection = again.getPostgresDatabase().getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailsWhileReadingTheContext {
        @Bean
        static BeanDefinitionRegistryPostProcessor failing() {
            return registry -> {
                throw new IllegalStateException("fails while the context is read");
            };
        }
    }

    private static ConfigurableApplicationContext start(Path dataDirectory) {
        return start(dataDirectory, Tokens.SECRET);
    }

    private static ConfigurableApplicationContext start(Path dataDirectory, String jwtSecret) {
        return new SpringApplicationBuilder(TetherApplication.class).run(
                "--server.port=0",
                "--tether.data-dir=" + dataDirectory,
                "--tether.processors.segments=1",
                "--tether.security.jwt.hmac-secret=" + jwtSecret);
    }
}
