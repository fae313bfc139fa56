package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node that is told to stop (SIGTERM, or a rolling deployment) finishes the requests it has
 * started and lets go of its event processors' claims, so that another node takes them over at once
 * instead of after the claim times out. The database outlives the node here, to look at the claims.
 */
class GracefulShutdownTest {

    @Test
    void aStoppingNode_finishesItsInFlightRequests_andReleasesItsProcessorClaims() throws Exception {
        Path scratch = Path.of("target", "test-data", "shutdown-" + UUID.randomUUID());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(scratch.resolve("postgres")).start()) {
            try (ConfigurableApplicationContext node = new SpringApplicationBuilder(TetherApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres",
                    "--tether.data-dir=" + scratch,
                    "--tether.security.jwt.hmac-secret=" + Tokens.SECRET)) {
                aStoppingNode(node, postgres);
            }
        }
    }

    /**
     * With the embedded default the node owns its PostgreSQL: a SIGTERM stops the server only after
     * the node has drained and let go of its claims (zonky's own shutdown hook used to stop it first).
     */
    @Test
    void theEmbeddedDefault_stopsItsPostgresAfterTheNodeHasLetGo() throws Exception {
        Path scratch = Path.of("target", "test-data", "shutdown-embedded-" + UUID.randomUUID());
        try (TetherNode node = TetherNode.start("node", scratch, Map.of("tether.security.jwt.hmac-secret", Tokens.SECRET))) {
            node.awaitReady(Duration.ofSeconds(90));
            assertThat(node.stop()).isIn(0, 143);
            assertThat(node.logText())
                    .contains("Stopping PooledStreamingEventProcessor")
                    .doesNotContain("An I/O error occurred while sending to the backend")
                    .doesNotContain("Connection to localhost");
        }
        // Opened by hand as the superuser, whose password the node generated into its data directory.
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(scratch.resolve("node").resolve("postgres")).setCleanDataDirectory(false)
                .setConnectConfig("password", Files.readString(scratch.resolve("node").resolve("postgres-superuser-password")).strip())
                .start()) {
            assertThat(claimedSegments(postgres)).isZero();
        }
    }

    private static void aStoppingNode(ConfigurableApplicationContext node, EmbeddedPostgres postgres) throws Exception {
        int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        assertThat(claimedSegments(postgres)).isPositive();

        // A request whose body arrives in two parts: in flight from its headers until its last byte.
        String body = EndToEndTest.adsAccount("In flight");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /integrations/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + Tokens.forOrganization(UUID.randomUUID(), "admin") + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 10);
            out.flush();
            MeterRegistry meters = node.getBean(MeterRegistry.class);
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                LongTaskTimer active = meters.find("http.server.requests.active").longTaskTimer();
                return active != null && active.activeTasks() >= 1;
            });

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::close);
            await().atMost(10, TimeUnit.SECONDS).until(() -> refusesNewConnections(port));
            out.write(bytes, 10, bytes.length - 10);
            out.flush();

            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 201 ");
            stopping.get(60, TimeUnit.SECONDS);
        }
        assertThat(claimedSegments(postgres)).isZero();
    }

    /** Whether the node has stopped taking new connections, as a graceful shutdown does first. */
    private static boolean refusesNewConnections(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static int claimedSegments(EmbeddedPostgres postgres) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet claimed = connection.createStatement()
                     .executeQuery("SELECT count(*) FROM token_entry WHERE owner IS NOT NULL")) {
            claimed.next();
            return claimed.getInt(1);
        }
    }
}
