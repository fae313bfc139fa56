package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.app.Api.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded PostgreSQL takes no connection without a password, and Tether connects as a role that owns its
 * database but is no superuser: it can neither read the server's files (the keyring's master key, the JWT
 * secret) nor run programs. A data directory of an earlier version, which trusted every local connection and
 * held tables the superuser owned, is closed on its first start and keeps its data.
 */
class EmbeddedDatabaseAccessTest {

    @Test
    void noConnectionWithoutAPassword_andTethersRoleCannotReadFilesOrRunPrograms() throws Exception {
        Path dataDirectory = Path.of("target", "test-data", "database-access-" + UUID.randomUUID());

        try (ConfigurableApplicationContext tether = start(dataDirectory)) {
            int port = tether.getBean(EmbeddedPostgres.class).getPort();
            refusedWithoutPassword(port);

            JdbcTemplate jdbc = tether.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("tether");
            assertThat(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class)).isFalse();
            assertThat(jdbc.queryForObject("SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'",
                    String.class)).isEqualTo("tether");
            assertThatThrownBy(() -> jdbc.queryForObject("SELECT pg_read_binary_file('postgresql.conf')", byte[].class))
                    .hasStackTraceContaining("permission denied for function pg_read_binary_file");
            assertThatThrownBy(() -> jdbc.queryForObject("SELECT pg_read_file('PG_VERSION')", String.class))
                    .hasStackTraceContaining("permission denied for function pg_read_file");
            assertThatThrownBy(() -> jdbc.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .hasStackTraceContaining("pg_execute_server_program");
            for (String secret : new String[] {"postgres-superuser-password", "postgres-password"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aDataDirectoryOfAnEarlierVersion_isClosedOnItsFirstStart_andKeepsItsData() throws Exception {
        Path dataDirectory = Path.of("target", "test-data", "database-access-earlier-" + UUID.randomUUID());
        UUID organization = UUID.randomUUID();
        String accountId;

        // An earlier version: initdb's trust for every local connection, the schema migrated and written by the superuser.
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(dataDirectory.resolve("postgres"))
                .setCleanDataDirectory(false).start();
             ConfigurableApplicationContext tether = new SpringApplicationBuilder(TetherApplication.class).run(
                     "--server.port=0", "--tether.data-dir=" + dataDirectory,
                     "--tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                     "--spring.datasource.url=" + earlier.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres")) {
            Response created = Api.of(tether, organization).post("/integrations/accounts", EndToEndTest.adsAccount("Earlier"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            accountId = created.body().get("id").asText();
            assertThat(tether.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT tableowner FROM pg_tables WHERE tablename = 'domain_event_entry'", String.class)).isEqualTo("postgres");
        }

        try (ConfigurableApplicationContext tether = start(dataDirectory)) {
            refusedWithoutPassword(tether.getBean(EmbeddedPostgres.class).getPort());
            JdbcTemplate jdbc = tether.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", String.class))
                    .containsExactly("tether");
            Api api = Api.of(tether, organization);
            assertThat(api.get("/integrations/accounts/" + accountId).status()).isEqualTo(200);
            Response another = api.post("/integrations/accounts", EndToEndTest.adsAccount("Later"));
            assertThat(another.status()).as(another.toString()).isEqualTo(201);
        }
    }

    private static void refusedWithoutPassword(int port) {
        for (String user : new String[] {"postgres", "tether"}) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user).close())
                    .as(user).isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user
                    + "&password=guessed").close())
                    .as(user).isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    private static ConfigurableApplicationContext start(Path dataDirectory) {
        return new SpringApplicationBuilder(TetherApplication.class).run(
                "--server.port=0",
                "--tether.data-dir=" + dataDirectory,
                "--tether.security.jwt.hmac-secret=" + Tokens.SECRET);
    }
}
