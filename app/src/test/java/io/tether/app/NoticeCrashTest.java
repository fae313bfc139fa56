package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.app.NoticeReceiver.Received;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tether killed with SIGKILL while accounts are created and their notices delivered: the restarted node
 * delivers the notice of every account it acknowledged, under the id it had before the kill. The outbox
 * row commits with the notices processor's token, so an event is either not yet handled (and is handled
 * after the restart) or has its row.
 */
class NoticeCrashTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;

    @Test
    void aTetherKilledBetweenEventsAndDeliveries_deliversEveryAcknowledgedNotice_afterItsRestart() throws Exception {
        Path scratch = Path.of("target", "test-data", "notice-crash-" + UUID.randomUUID()).toAbsolutePath();
        Map<String, String> properties = Map.of(
                "tether.security.jwt.hmac-secret", Tokens.SECRET,
                "tether.rate-limits.enabled", "false",
                "tether.notices.allow-private-targets", "true",
                "tether.notices.poll-interval", "200ms",
                "tether.notices.retry-schedule", "200ms,400ms,800ms,1s,1s,1s,1s");
        String token = Tokens.forOrganization(UUID.randomUUID());
        List<String> acknowledged = new CopyOnWriteArrayList<>();

        try (NoticeReceiver receiver = new NoticeReceiver()) {
            try (TetherNode first = TetherNode.start("tether", scratch, properties)) {
                first.awaitReady(Duration.ofSeconds(120));
                assertThat(post(first, token, "/integrations/webhook-endpoints",
                        "{\"url\":\"" + receiver.url() + "\",\"notice_types\":[\"account.created\"]}")).isPresent();
                AtomicBoolean loading = new AtomicBoolean(true);
                AtomicInteger sent = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int client = 0; client < CLIENTS; client++) {
                    clients.submit(() -> {
                        while (loading.get()) {
                            post(first, token, "/integrations/accounts", EndToEndTest.adsAccount("Crash " + sent.incrementAndGet()))
                                    .ifPresent(acknowledged::add);
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40 && !receiver.delivered().isEmpty());
                first.kill();
                loading.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            List<Received> beforeRestart = receiver.delivered();

            try (TetherNode second = TetherNode.start("tether", scratch, properties)) {
                second.awaitReady(Duration.ofSeconds(120));
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(resourcesOf(receiver.delivered())).containsAll(acknowledged));
                Map<String, Set<String>> idsByAccount = receiver.delivered().stream().collect(Collectors.groupingBy(
                        notice -> notice.json().get("data").get("resource_id").asText(),
                        Collectors.mapping(Received::id, Collectors.toSet())));
                assertThat(idsByAccount.values()).as("one webhook-id per account's notice, whichever node sent it")
                        .allSatisfy(ids -> assertThat(ids).hasSize(1));
                assertThat(beforeRestart).as("some notices went out before the kill").isNotEmpty();
                second.stop();
            }
        } finally {
            CrashRecoveryTest.stopAnyServerLeftOn(scratch.resolve("tether").resolve("postgres"));
        }
    }

    private static Set<String> resourcesOf(List<Received> notices) {
        return notices.stream().map(notice -> notice.json().get("data").get("resource_id").asText()).collect(Collectors.toSet());
    }

    /** The id Tether answered with, when it acknowledged the request; nothing when it refused or died first. */
    static Optional<String> post(TetherNode node, String token, String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.uri(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201 ? Optional.of(JSON.readTree(response.body()).get("id").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
