package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
                    "--tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                    "--tether.consistency.max-wait=3s")) {
                aStoppingNode(node, postgres);
            }
        }
    }

    private static void aStoppingNode(ConfigurableApplicationContext node, EmbeddedPostgres postgres) throws Exception {
        int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        assertThat(claimedSegments(postgres)).isPositive();

        // A read that waits for a position no read model has reached: in flight for the whole wait.
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + port + "/integrations/accounts"))
                        .header("Authorization", "Bearer " + Tokens.forOrganization(UUID.randomUUID(), "viewer"))
                        .header("Tether-Min-Position", String.valueOf(Long.MAX_VALUE / 2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        MeterRegistry meters = node.getBean(MeterRegistry.class);
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            LongTaskTimer active = meters.find("http.server.requests.active").longTaskTimer();
            return active != null && active.activeTasks() >= 1;
        });

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::close);

        HttpResponse<String> answered = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Tether-Consistency")).hasValue("stale");
        stopping.get(60, TimeUnit.SECONDS);
        assertThat(claimedSegments(postgres)).isZero();
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
