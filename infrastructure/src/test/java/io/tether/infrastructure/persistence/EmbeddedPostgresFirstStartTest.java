package io.tether.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.infrastructure.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL takes no passwordless connection at any moment of its start: not while a new
 * cluster starts for the first time (initdb itself requires scram-sha-256), not while a cluster of an earlier
 * version, which trusted every local connection, starts under this one. A connection is tried without a
 * password, over and over, for the whole start.
 */
class EmbeddedPostgresFirstStartTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aNewCluster_requiresAPasswordFromItsFirstStart_andTethersRoleIsNoSuperuser() throws Exception {
        int port = freePort();

        List<String> admitted = startWhileConnectingWithoutPassword(port);

        assertThat(admitted).isEmpty();
        assertThat(EmbeddedPostgresAccess.trustsAnyone(Files.readString(dataDirectory.resolve("postgres/pg_hba.conf")))).isFalse();
    }

    @Test
    void aClusterOfAnEarlierVersion_isClosedBeforeItsServerStarts() throws Exception {
        int port = freePort();
        // An earlier version: zonky's initdb with trust for every local connection, no password anywhere.
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(dataDirectory.resolve("postgres"))
                .setCleanDataDirectory(false).start();
             Connection connection = earlier.getPostgresDatabase().getConnection()) {
            assertThat(connection.isValid(5)).as("the earlier version's passwordless connection").isTrue();
        }
        assertThat(EmbeddedPostgresAccess.trustsAnyone(Files.readString(dataDirectory.resolve("postgres/pg_hba.conf")))).isTrue();

        List<String> admitted = startWhileConnectingWithoutPassword(port);

        assertThat(admitted).isEmpty();
    }

    @Test
    void pgHbaLines_thatTrust_areFound() {
        assertThat(EmbeddedPostgresAccess.trustsAnyone(EmbeddedPostgresAccess.HBA)).isFalse();
        assertThat(EmbeddedPostgresAccess.trustsAnyone("# trust nobody\nhost all all 127.0.0.1/32 scram-sha-256\n")).isFalse();
        assertThat(EmbeddedPostgresAccess.trustsAnyone("local all all trust\n")).isTrue();
        assertThat(EmbeddedPostgresAccess.trustsAnyone("host\tall\tall\t::1/128\ttrust\n")).isTrue();
    }

    /**
     * Starts Tether's embedded server on the port while this thread connects as the superuser and as Tether's
     * role without a password until the start is over; answers who got in. Then checks the server as it runs.
     */
    private List<String> startWhileConnectingWithoutPassword(int port) throws Exception {
        DataDirectory directory = new DataDirectory(dataDirectory);
        EmbeddedPostgresAccess access = EmbeddedPostgresAccess.of(directory);
        CompletableFuture<EmbeddedPostgres> started = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgresEarlyStart.Startup.start(directory,
                        new EmbeddedPostgresProperties(port, Duration.ofSeconds(30)), access);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> admitted = new ArrayList<>();
        while (!started.isDone()) {
            for (String user : new String[] {"postgres", "tether"}) {
                try (Connection ignored = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user + "&connectTimeout=2")) {
                    admitted.add(user);
                } catch (SQLException refused) {
                    // not up yet, or up and asking for a password
                }
            }
        }
        try (EmbeddedPostgres postgres = started.join()) {
            for (String user : new String[] {"postgres", "tether"}) {
                assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user).close())
                        .as(user).isInstanceOf(SQLException.class).hasMessageContaining("password");
            }
            try (Connection tether = DriverManager.getConnection(postgres.getJdbcUrl(EmbeddedPostgresAccess.ROLE,
                    EmbeddedPostgresAccess.DATABASE), EmbeddedPostgresAccess.ROLE, access.password());
                 ResultSet role = tether.createStatement().executeQuery(
                         "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                assertThat(role.next()).isTrue();
                assertThat(role.getBoolean(1)).as("tether is a superuser").isFalse();
            }
        }
        return admitted;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
