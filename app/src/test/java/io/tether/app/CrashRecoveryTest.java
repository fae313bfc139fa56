package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tether killed with SIGKILL under load leaves its embedded PostgreSQL running (PID 1 adopts it), holding the
 * cluster's lock. The next start on the same data directory stops that orphan itself and starts: ready without
 * anyone's help, with every command it acknowledged before the kill. The killed process's segment claims are given
 * up at the start (a process of this host that no longer exists), so the read models catch up at once, not after the
 * claim time-out (a minute here).
 */
class CrashRecoveryTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;

    @Test
    void aTetherKilledUnderLoad_restartsOnItsDataDirectoryByItself_withEveryAcknowledgedCommand() throws Exception {
        Path scratch = Path.of("target", "test-data", "crash-recovery-" + UUID.randomUUID()).toAbsolutePath();
        Map<String, String> properties = Map.of(
                "tether.security.jwt.hmac-secret", Tokens.SECRET,
                "tether.rate-limits.enabled", "false",
                "tether.processors.claim-timeout", "60s");
        UUID organization = UUID.randomUUID();
        String token = Tokens.forOrganization(organization);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        long orphan;
        long killed;

        try {
            try (TetherNode first = TetherNode.start("tether", scratch, properties)) {
                first.awaitReady(Duration.ofSeconds(120));
                AtomicBoolean loading = new AtomicBoolean(true);
                AtomicInteger sent = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int client = 0; client < CLIENTS; client++) {
                    clients.submit(() -> {
                        while (loading.get()) {
                            String name = "Crash " + sent.incrementAndGet();
                            Optional<String> created = create(first, token, name);
                            created.ifPresent(acknowledged::add);
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40);
                orphan = serverPid(scratch.resolve("tether").resolve("postgres"));

                killed = first.pid();
                first.kill();
                loading.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                        .as("the embedded PostgreSQL outlived the killed JVM").contains(true);
            }

            try (TetherNode second = TetherNode.start("tether", scratch, properties)) {
                second.awaitReady(Duration.ofSeconds(120));
                assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the orphan was stopped")
                        .isNotEqualTo(Optional.of(true));
                assertThat(second.logText()).contains("left by a Tether that did not stop");
                assertThat(second.logText()).containsPattern("Gave up \\d+ segment claim\\(s\\) of " + killed + "@");
                // well inside the claim time-out: every read model's segments are this node's, none held by the dead one
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode processors = readiness(second).at("/components/eventProcessors/details/processors");
                    assertThat(processors.size()).isPositive();
                    processors.fields().forEachRemaining(processor -> {
                        assertThat(processor.getValue().get("segments_elsewhere").asInt()).as(processor.getKey()).isZero();
                        assertThat(processor.getValue().get("segments").asInt()).as(processor.getKey()).isPositive();
                    });
                });
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    for (String id : acknowledged) {
                        assertThat(status(second, token, "/integrations/accounts/" + id)).as("account " + id).isEqualTo(200);
                    }
                });
                // SIGTERM: Tether stops its embedded PostgreSQL itself.
                second.stop();
            }
        } finally {
            stopAnyServerLeftOn(scratch.resolve("tether").resolve("postgres"));
        }
    }

    /** A test that failed half-way must not leave a PostgreSQL running after it. */
    static void stopAnyServerLeftOn(Path cluster) throws IOException {
        if (Files.exists(cluster.resolve("postmaster.pid"))) {
            ProcessHandle.of(serverPid(cluster)).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
        }
    }

    /** The id of the account, when Tether acknowledged its creation; nothing when it refused or died first. */
    private static Optional<String> create(TetherNode node, String token, String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.uri("/integrations/accounts"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EndToEndTest.adsAccount(name))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201
                    ? Optional.of(JSON.readTree(response.body()).get("id").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The readiness answer with its details, as an operator reads it. */
    private static JsonNode readiness(TetherNode node) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.uri("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + Tokens.forOrganization(UUID.randomUUID(), "platform_admin"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int status(TetherNode node, String token, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long serverPid(Path cluster) throws IOException {
        return Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).strip());
    }
}
