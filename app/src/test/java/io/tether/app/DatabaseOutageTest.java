package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL stops under load and starts again. Meanwhile Tether answers fast with 503 and says it is
 * not ready; afterwards it recovers by itself, processors included, without a restart.
 */
class DatabaseOutageTest {

    private static final Duration FAST = Duration.ofMillis(3500);

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> slowFailures = new CopyOnWriteArrayList<>();

    @Test
    void whileTheDatabaseIsDown_requestsFailFastWith503_andAfterwardsEverythingRecoversWithoutARestart() throws Exception {
        Path scratch = Path.of("target", "test-data", "outage-" + UUID.randomUUID()).toAbsolutePath();
        int port = TetherNode.freePort();
        EmbeddedPostgres postgres = startPostgres(scratch, port);
        UUID organization = UUID.randomUUID();
        try (ConfigurableApplicationContext tether = new SpringApplicationBuilder(TetherApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                "--spring.datasource.username=postgres",
                "--tether.data-dir=" + scratch.resolve("tether"),
                "--tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                // every load client is 127.0.0.1 and fast 503s let it loop quickly: the per-IP limit is not under test here
                "--tether.rate-limits.enabled=false")) {
            Api api = Api.of(tether, organization);
            String accountId = created(api, "Before the outage");
            String loadAccount = created(api, "Under load");
            await("the read model has the account under load").atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/integrations/accounts/" + loadAccount).status() == 200);

            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(2);
            clients.submit(() -> load(api, loadAccount, loading));
            clients.submit(() -> load(api, loadAccount, loading));
            await("the load is under way").atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 10);

            postgres.close();
            try {
                Response command = timed(() -> api.post("/integrations/accounts/" + accountId + "/disconnect", null));
                assertThat(command.status()).as(command.toString()).isEqualTo(503);
                assertThat(command.body().get("code").asText()).isEqualTo("database_unavailable");
                assertThat(command.header("Content-Type")).startsWith("application/problem+json");
                assertThat(command.header("Retry-After")).isNotBlank();
                Response query = timed(() -> api.get("/integrations/accounts/" + accountId));
                assertThat(query.status()).as(query.toString()).isEqualTo(503);
                assertThat(query.body().get("code").asText()).isEqualTo("database_unavailable");
                // Two readiness contributors (db, eventProcessors) each wait out the connection timeout.
                assertThat(timed(() -> api.get("/actuator/health/readiness"), FAST.multipliedBy(2)).status()).isEqualTo(503);
                int metBefore = count(503);
                await("the load meets the outage a while").atMost(Duration.ofSeconds(30))
                        .until(() -> count(503) >= metBefore + 6);
            } finally {
                postgres = startPostgres(scratch, port);
            }

            await("commands succeed again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.post("/integrations/accounts/" + accountId + "/connect",
                            "{\"credentials\":{\"refresh_token\":\"Atzr|after\"}}").status() == 200);
            Response disconnected = api.post("/integrations/accounts/" + accountId + "/disconnect", null);
            assertThat(disconnected.status()).isEqualTo(200);
            await("the read model catches up: its processor resumed by itself").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Response read = api.get("/integrations/accounts/" + accountId, disconnected.position());
                        assertThat(read.header("Tether-Consistency")).isEqualTo("caught-up");
                        assertThat(read.body().get("status").asText()).isEqualTo("DISCONNECTED");
                    });
            await("ready again").atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/actuator/health/readiness").status() == 200);

            loading.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(statuses.keySet()).as("statuses under load " + statuses).containsAnyOf(200)
                    .contains(503).allSatisfy(status -> assertThat(status).isIn(200, 422, 503));
            assertThat(slowFailures).as("503s that were not fast").isEmpty();
            Set<String> recorded = Set.copyOf(tether.getBean(JdbcTemplate.class).queryForList(
                    "SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'request_id' FROM domain_event_entry", String.class));
            assertThat(acknowledged).as("acknowledged commands").isNotEmpty()
                    .allSatisfy(requestId -> assertThat(recorded).contains(requestId));
        } finally {
            postgres.close();
        }
    }

    /** Connects and disconnects one account, and reads it, over and over; every 2xx command is remembered. */
    private void load(Api api, String accountId, AtomicBoolean loading) {
        int round = 0;
        while (loading.get()) {
            String path = "/integrations/accounts/" + accountId;
            String requestId = UUID.randomUUID().toString();
            Map<String, String> headers = Map.of("X-Request-Id", requestId);
            long started = System.nanoTime();
            int kind = round++ % 3;
            Response response = switch (kind) {
                case 0 -> api.post(path + "/connect", "{\"credentials\":{\"refresh_token\":\"Atzr|load\"}}", headers);
                case 1 -> api.post(path + "/disconnect", null, headers);
                default -> api.get(path, headers);
            };
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            statuses.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
            if (response.status() / 100 == 2 && kind != 2) {
                acknowledged.add(requestId);
            }
            if (response.status() == 503 && took.compareTo(FAST) > 0) {
                slowFailures.add(took + " " + response);
            }
        }
    }

    private int count(int status) {
        AtomicInteger answered = statuses.get(status);
        return answered == null ? 0 : answered.get();
    }

    private static String created(Api api, String name) {
        Response created = api.post("/integrations/accounts", EndToEndTest.adsAccount(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static Response timed(Supplier<Response> request) {
        return timed(request, FAST);
    }

    private static Response timed(Supplier<Response> request, Duration bound) {
        long started = System.nanoTime();
        Response response = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered fast: " + response).isLessThan(bound);
        return response;
    }

    private static EmbeddedPostgres startPostgres(Path scratch, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(scratch.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}
