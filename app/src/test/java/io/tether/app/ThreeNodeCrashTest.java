package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three Tether processes on loopback share one PostgreSQL. A mixed load, with commands racing for the
 * same accounts from different nodes, runs against all three; midway the node holding the read models'
 * claims is killed with SIGKILL. Afterwards nothing acknowledged is missing, no aggregate's history
 * has a gap or a duplicate, every hash chain verifies, the survivors took the claims over, and each
 * read model is exactly what replaying all events rebuilds.
 */
class ThreeNodeCrashTest {

    private static final List<String> READ_MODELS = List.of("integration-accounts", "audit-log");
    private static final Duration LOAD = Duration.ofSeconds(16);
    private static final int CLIENTS = 6;
    private static final int HOT_ACCOUNTS = 3;
    /** A node is killed once the load has this many commands acknowledged (the test asserts more than 100 in all). */
    private static final int ACKNOWLEDGED_BEFORE_THE_KILL = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<UUID> organizations = List.of(UUID.randomUUID(), UUID.randomUUID());
    private final Map<UUID, String> tokens = organizations.stream()
            .collect(Collectors.toMap(organization -> organization, organization -> Tokens.forOrganization(organization)));
    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    @Test
    void aNodeKilledUnderLoad_losesNoAcknowledgedCommand_andTheSurvivorsRebuildIdenticalReadModels() throws Exception {
        Path scratch = Path.of("target", "test-data", "three-nodes-" + UUID.randomUUID()).toAbsolutePath();
        List<TetherNode> nodes = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(scratch.resolve("postgres")).start()) {
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            Map<String, String> properties = Map.of(
                    "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username", "postgres",
                    "tether.security.jwt.hmac-secret", Tokens.SECRET,
                    "tether.keyring.master-key", Base64.getEncoder().encodeToString(new byte[32]),
                    "tether.processors.claim-timeout", "3s",
                    // below the events the load appends before the kill, so a standing-by node counted as behind shows
                    "tether.health.max-processor-lag", "25",
                    // the load comes from one address; the per-IP limit is not under test here
                    "tether.rate-limits.enabled", "false",
                    "logging.level.io.tether.infrastructure.axon.ConflictRetryScheduler", "DEBUG");
            try {
                TetherNode.startSharingOneDatabase(scratch, properties, 3, nodes);

                List<Account> hot = new ArrayList<>();
                for (int i = 0; i < HOT_ACCOUNTS; i++) {
                    hot.add(create(nodes.get(i), organizations.get(i % organizations.size()), "Hot " + i));
                }
                List<Account> accounts = new CopyOnWriteArrayList<>(hot);

                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                long loadEnds = System.nanoTime() + LOAD.toNanos();
                for (int client = 0; client < CLIENTS; client++) {
                    int offset = client;
                    clients.submit(() -> load(nodes, offset, hot, accounts, loadEnds));
                }
                await("the load is under way on every node").atMost(LOAD)
                        .until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_THE_KILL);
                TetherNode victim = claimHolder(jdbc, nodes);
                for (TetherNode standingBy : nodes.stream().filter(node -> node != victim).toList()) {
                    Response readiness = send(standingBy, "GET", "/actuator/health/readiness", null, platformAdmin());
                    assertThat(readiness.status()).as(standingBy.name + " stands by: " + readiness.body()).isEqualTo(200);
                    JsonNode projecting = readiness.json().at("/components/eventProcessors/details/processors/integration-accounts");
                    assertThat(projecting.get("segments").asInt()).as(readiness.body()).isZero();
                    assertThat(projecting.get("segments_elsewhere").asInt()).as(readiness.body()).isEqualTo(2);
                    assertThat(projecting.get("lag").asLong()).isZero();
                }
                victim.kill();
                clients.shutdown();
                assertThat(clients.awaitTermination(LOAD.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
                List<TetherNode> survivors = nodes.stream().filter(TetherNode::isAlive).toList();
                assertThat(survivors).hasSize(2);

                String report = "statuses " + statuses + " of " + requests + " requests, " + acknowledged.size()
                        + " acknowledged commands; " + victim.name + " killed";
                System.out.println(report);
                assertThat(acknowledged).as(report).hasSizeGreaterThan(100);
                assertThat(statuses.keySet()).as("no request may fail on the server's side: " + report)
                        .allSatisfy(status -> assertThat(status).isLessThan(500));
                assertThat(nodes.stream().mapToLong(node -> node.logText().lines()
                        .filter(line -> line.contains("lost the race for its aggregate")).count()).sum())
                        .as("commands racing across nodes for the same accounts, retried").isPositive();

                everyAcknowledgedCommandIsInTheEventStore_once(jdbc);
                everyAggregateHistoryIsContiguous(jdbc);
                // Each node links an event to the head it remembers only at the sequence number it committed
                // itself; the hot accounts' events alternate between nodes, so a stale head would break here.
                Response verified = send(survivors.get(0), "POST", "/audit/verify", "{\"scope\":\"all\"}", platformAdmin());
                assertThat(verified.status()).as(verified.body()).isEqualTo(200);
                assertThat(verified.json().get("intact").asBoolean()).as(verified.body()).isTrue();
                assertThat(verified.json().get("aggregates").asInt()).isEqualTo(
                        jdbc.queryForObject("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry", Integer.class));

                String victimId = victim.pid() + "@";
                long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
                await("the survivors take over the killed node's segments and catch up")
                        .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                        .until(() -> READ_MODELS.stream().allMatch(group -> caughtUp(jdbc, group, head, victimId)));

                // Graceful stop of one survivor: its claims are released, not left to time out.
                TetherNode stopped = claimHolder(jdbc, survivors);
                TetherNode last = survivors.get(0) == stopped ? survivors.get(1) : survivors.get(0);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE owner LIKE ?", Long.class,
                        stopped.pid() + "@%")).as("claims held by the node about to stop").isPositive();
                Response refused = send(last, "POST", "/admin/projections/integration-accounts/replay", null, platformAdmin());
                assertThat(refused.status()).as(refused.body()).isEqualTo(409);
                assertThat(refused.json().get("code").asText()).isEqualTo("projection_claimed_elsewhere");
                stopped.stop();
                assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE owner LIKE ?", Long.class,
                        stopped.pid() + "@%")).as("claims left behind by the stopped node").isZero();
                String lastId = last.pid() + "@%";
                await("the last node claims every segment").atMost(Duration.ofSeconds(20))
                        .until(() -> READ_MODELS.stream().allMatch(group -> jdbc.queryForObject(
                                "SELECT count(*) FROM token_entry WHERE processor_name = ? AND (owner IS NULL OR owner NOT LIKE ?)",
                                Long.class, group, lastId) == 0));

                List<Map<String, Object>> accountsBefore = jdbc.queryForList("SELECT * FROM integration_accounts ORDER BY id");
                List<Map<String, Object>> auditBefore = jdbc.queryForList("SELECT * FROM audit_log ORDER BY global_index");
                assertThat(accountsBefore).hasSizeGreaterThan(20);
                assertThat(jdbc.queryForList("""
                        SELECT d.global_index, d.aggregate_identifier, d.sequence_number, d.payload_type FROM domain_event_entry d
                        WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.global_index = d.global_index)
                        ORDER BY d.global_index""")).as("events missing from the audit log; tokens "
                        + jdbc.queryForList("SELECT processor_name, segment, owner, convert_from(token, 'UTF8') FROM token_entry")
                        + "; dead letters " + jdbc.queryForList("SELECT processing_group, count(*) FROM dead_letter_entry GROUP BY 1"))
                        .isEmpty();

                for (String group : READ_MODELS) {
                    assertThat(send(last, "POST", "/admin/projections/" + group + "/replay", null, platformAdmin()).status())
                            .isEqualTo(202);
                }
                int segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class,
                        READ_MODELS.get(0));
                assertThat(segments).as("segments per read model").isGreaterThanOrEqualTo(2);
                await("the replays complete").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                        .until(() -> READ_MODELS.stream().allMatch(group -> {
                            JsonNode status = projectionStatus(last, group);
                            return status.get("running").asBoolean() && status.get("caught_up").asBoolean()
                                    && status.get("segments_claimed_here").asInt() == segments;
                        }));
                assertThat(jdbc.queryForList("SELECT * FROM integration_accounts ORDER BY id")).isEqualTo(accountsBefore);
                assertThat(jdbc.queryForList("SELECT * FROM audit_log ORDER BY global_index")).isEqualTo(auditBefore);
            } catch (Throwable failure) {
                nodes.forEach(node -> System.out.println("---- " + node.name + " ----\n" + node.logTail(80)));
                throw failure;
            } finally {
                for (TetherNode node : nodes) {
                    node.close();
                }
            }
        }
    }

    private void everyAcknowledgedCommandIsInTheEventStore_once(JdbcTemplate jdbc) {
        Set<String> recorded = Set.copyOf(jdbc.queryForList(
                "SELECT DISTINCT convert_from(meta_data, 'UTF8')::jsonb ->> 'request_id' FROM domain_event_entry", String.class));
        List<Ack> missing = acknowledged.stream().filter(ack -> !recorded.contains(ack.requestId())).toList();
        assertThat(missing).as("acknowledged commands without their events").isEmpty();
        assertThat(jdbc.queryForList("""
                SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'request_id' AS request_id, aggregate_identifier, payload_type
                FROM domain_event_entry
                GROUP BY 1, 2, 3 HAVING count(*) > 1""")).as("a command applied twice").isEmpty();
    }

    private static void everyAggregateHistoryIsContiguous(JdbcTemplate jdbc) {
        assertThat(jdbc.queryForList("""
                SELECT aggregate_identifier, count(*), MIN(sequence_number), MAX(sequence_number)
                FROM domain_event_entry GROUP BY aggregate_identifier
                HAVING MIN(sequence_number) <> 0 OR MAX(sequence_number) <> count(*) - 1
                    OR count(DISTINCT sequence_number) <> count(*)""")).as("aggregates with a gap or a duplicate").isEmpty();
    }

    /** The node that holds the accounts read model's segments (the first to start claims them all). */
    private static TetherNode claimHolder(JdbcTemplate jdbc, List<TetherNode> nodes) {
        List<String> owners = jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL",
                String.class, READ_MODELS.get(0));
        return nodes.stream().filter(node -> owners.stream().anyMatch(owner -> owner.startsWith(node.pid() + "@")))
                .findFirst().orElse(nodes.get(0));
    }

    /**
     * Every segment claimed by a live node (not the killed one), its token at the head of the event store
     * and none of its gaps an event that has since been committed.
     */
    private static boolean caughtUp(JdbcTemplate jdbc, String group, long head, String deadOwner) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        Set<Long> committed = Set.copyOf(jdbc.queryForList("SELECT global_index FROM domain_event_entry", Long.class));
        return jdbc.query("SELECT owner, token, token_type FROM token_entry WHERE processor_name = ?", (row, index) -> {
            String owner = row.getString("owner");
            byte[] token = row.getBytes("token");
            if (owner == null || owner.startsWith(deadOwner) || token == null) {
                return false;
            }
            TrackingToken tracking = WrappedToken.unwrapLowerBound(serializer.deserialize(new SimpleSerializedObject<>(
                    token, byte[].class, row.getString("token_type"), null)));
            Set<Long> gaps = tracking instanceof GapAwareTrackingToken gapAware ? gapAware.getGaps() : Set.of();
            return tracking.position().orElse(-1) >= head && gaps.stream().noneMatch(committed::contains);
        }, group).stream().allMatch(Boolean::booleanValue);
    }

    private void load(List<TetherNode> nodes, int offset, List<Account> hot, List<Account> accounts, long loadEnds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int request = offset;
        while (System.nanoTime() < loadEnds) {
            TetherNode node = nodes.get(request++ % nodes.size());
            int dice = random.nextInt(100);
            try {
                if (dice < 15) {
                    UUID organization = organizations.get(random.nextInt(organizations.size()));
                    Response created = send(node, "POST", "/integrations/accounts",
                            EndToEndTest.adsAccount("Load " + UUID.randomUUID()), tokens.get(organization));
                    if (created.status() == 201) {
                        accounts.add(new Account(UUID.fromString(created.json().get("id").asText()), organization));
                    }
                } else if (dice < 50) {
                    change(node, hot.get(random.nextInt(hot.size())), random);
                } else if (dice < 90) {
                    change(node, accounts.get(random.nextInt(accounts.size())), random);
                } else if (dice < 92) {
                    Account account = accounts.get(random.nextInt(accounts.size()));
                    if (!hot.contains(account)) {
                        send(node, "DELETE", "/integrations/accounts/" + account.id(), null, tokens.get(account.organization()));
                    }
                } else {
                    UUID organization = organizations.get(random.nextInt(organizations.size()));
                    send(node, "GET", "/integrations/accounts?limit=50", null, tokens.get(organization));
                }
            } catch (IOException deadNode) {
                // The killed node: nothing acknowledged, nothing to check.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void change(TetherNode node, Account account, ThreadLocalRandom random) throws IOException, InterruptedException {
        String path = "/integrations/accounts/" + account.id();
        String token = tokens.get(account.organization());
        switch (random.nextInt(3)) {
            case 0 -> send(node, "POST", path + "/connect",
                    "{\"credentials\":{\"refresh_token\":\"Atzr|" + random.nextInt(1_000_000) + "\"}}", token);
            case 1 -> send(node, "POST", path + "/mark-failed", "{\"error_message\":\"refused by Amazon\"}", token);
            default -> send(node, "POST", path + "/disconnect", null, token);
        }
    }

    private Account create(TetherNode node, UUID organization, String name) throws IOException, InterruptedException {
        Response created = send(node, "POST", "/integrations/accounts", EndToEndTest.adsAccount(name), tokens.get(organization));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Account(UUID.fromString(created.json().get("id").asText()), organization);
    }

    private JsonNode projectionStatus(TetherNode node, String group) {
        try {
            return send(node, "GET", "/admin/projections/" + group, null, platformAdmin()).json();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String platformAdmin() {
        return Tokens.forOrganization(UUID.randomUUID(), "platform_admin");
    }

    /** Sends a request with an id of its own; a command answered 2xx is recorded as acknowledged. */
    private Response send(TetherNode node, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        requests.incrementAndGet();
        statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();
        if (!method.equals("GET") && response.statusCode() / 100 == 2) {
            acknowledged.add(new Ack(requestId, method + " " + path, response.headers().firstValue("Tether-Position").orElse(null)));
        }
        return new Response(response.statusCode(), response.body());
    }

    private record Account(UUID id, UUID organization) {
    }

    private record Ack(String requestId, String request, String position) {
    }

    private record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }
}
