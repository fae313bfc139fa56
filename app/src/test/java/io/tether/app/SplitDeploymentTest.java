package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import io.tether.command.CommandSideApplication;
import io.tether.query.QuerySideApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The split deployment of docker-compose.yml, minus Docker: the command side and the query side as
 * two applications of their own, sharing one external PostgreSQL and nothing else.
 */
class SplitDeploymentTest {

    @Test
    void theQuerySide_showsWhatTheCommandSideWrote_throughTheSharedDatabaseOnly() throws Exception {
        Path scratch = Path.of("target", "test-data", "split-" + UUID.randomUUID());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(scratch.resolve("postgres")).start();
             ConfigurableApplicationContext commandSide = start(CommandSideApplication.class, postgres, scratch);
             ConfigurableApplicationContext querySide = start(QuerySideApplication.class, postgres, scratch)) {
            UUID organization = UUID.randomUUID();
            Api commands = Api.of(commandSide, organization);
            Api queries = Api.of(querySide, organization);

            Response created = commands.post("/integrations/accounts", EndToEndTest.adsAccount("Split"));
            assertThat(created.status()).isEqualTo(201);
            Response read = queries.get("/integrations/accounts/" + created.body().get("id").asText(), created.position());

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("Tether-Consistency")).isEqualTo("caught-up");
            assertThat(read.body()).isEqualTo(created.body());
            // Each side serves only its own half of the API.
            assertThat(queries.post("/integrations/accounts", EndToEndTest.adsAccount("Nope")).status()).isEqualTo(405);
            assertThat(commands.get("/integrations/accounts").status()).isEqualTo(405);
        }
    }

    /**
     * The safety poll is a minute here: the query side sees the command side's events because the command side
     * announces them, also after the query side's listening connection was terminated (it listens again, and looks
     * for what it was not told meanwhile).
     */
    @Test
    void theQuerySide_isToldOfTheCommandSidesEvents_andListensAgainAfterItsConnectionWasTerminated() throws Exception {
        Path scratch = Path.of("target", "test-data", "split-" + UUID.randomUUID());
        String noSafetyPoll = "--tether.event-stream.poll-interval=1m";
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(scratch.resolve("postgres")).start();
             ConfigurableApplicationContext commandSide = start(CommandSideApplication.class, postgres, scratch, noSafetyPoll);
             ConfigurableApplicationContext querySide = start(QuerySideApplication.class, postgres, scratch, noSafetyPoll)) {
            Api commands = Api.of(commandSide, UUID.randomUUID());
            JdbcTemplate database = new JdbcTemplate(postgres.getPostgresDatabase());

            projectedByTheQuerySide(commands, database, "Told");

            database.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                    "tether-event-notifications");
            projectedByTheQuerySide(commands, database, "While not listening");
            await("both sides listening again").atMost(Duration.ofSeconds(15)).until(() -> database.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query LIKE 'LISTEN%'",
                    Integer.class, "tether-event-notifications") == 2);
            projectedByTheQuerySide(commands, database, "Told again");
        }
    }

    /**
     * Created on the command side, in the query side's read model well within the minute of the safety poll (read
     * from the table: the test's API client checks every exchange against the document of the first application it
     * met, the command side's, which has no reads).
     */
    private static void projectedByTheQuerySide(Api commands, JdbcTemplate database, String name) {
        Response created = commands.post("/integrations/accounts", EndToEndTest.adsAccount(name));
        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString(created.body().get("id").asText());
        await(name + " projected by the query side").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> database.queryForObject("SELECT count(*) FROM integration_accounts WHERE id = ?", Integer.class, id) == 1);
    }

    private static ConfigurableApplicationContext start(Class<?> side, EmbeddedPostgres postgres, Path scratch,
                                                        String... more) {
        return new SpringApplicationBuilder(side).run(Stream.concat(Stream.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--tether.data-dir=" + scratch.resolve(side.getSimpleName()),
                "--tether.security.jwt.hmac-secret=" + Tokens.SECRET), Stream.of(more)).toArray(String[]::new));
    }
}
