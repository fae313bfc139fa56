package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import io.tether.command.CommandSideApplication;
import io.tether.query.QuerySideApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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

    private static ConfigurableApplicationContext start(Class<?> side, EmbeddedPostgres postgres, Path scratch) {
        return new SpringApplicationBuilder(side).run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--tether.data-dir=" + scratch.resolve(side.getSimpleName()),
                "--tether.security.jwt.hmac-secret=" + Tokens.SECRET);
    }
}
