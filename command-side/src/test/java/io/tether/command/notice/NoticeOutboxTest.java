package io.tether.command.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.command.notice.NoticeOutbox.Attempt;
import io.tether.command.notice.NoticeOutbox.Claimed;
import io.tether.eventing.BatchedWrites;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's claim on the command side's own schema in a real PostgreSQL: each resource's deliveries one at a time
 * in id order under a backlog, at most the endpoint's limit under way however many nodes claim at once, a failing
 * endpoint's oldest delivery only, and a claim whose work does not grow with the backlog.
 */
class NoticeOutboxTest {

    private static final Duration CLAIM = Duration.ofMinutes(1);
    private static final int WINDOW = 500;

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static NoticeOutbox outbox;

    @BeforeAll
    static void commandSchema() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("notice-outbox")).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration/command")
                .load().migrate();
        // one connection for the test's own statements: the embedded database's data source opens one per statement
        jdbc = JdbcClient.create(new SingleConnectionDataSource(postgres.getPostgresDatabase().getConnection(), true));
        outbox = new NoticeOutbox(jdbc, null);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void noEndpoints() {
        jdbc.sql("DELETE FROM notice_endpoints").update();
    }

    @Test
    void aNoticeThatNoEndpointWants_queuesNothing_andAsksForNoClaim() throws Exception {
        UUID endpoint = endpoint(null);
        UUID organization = jdbc.sql("SELECT organization_id FROM notice_endpoints WHERE id = ?").param(endpoint)
                .query(UUID.class).single();
        NoticeOutbox inBatches = new NoticeOutbox(jdbc, batchedWrites());
        List<String> wakes = new ArrayList<>();

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("connected"));
        inBatches.enqueue(notice(UUID.randomUUID()), () -> wakes.add("another organization's"));
        inBatches.enqueue(notice(UUID.randomUUID()), () -> wakes.add("a third organization's"));
        batch.commit();

        assertThat(wakes).as("no endpoint wants them").isEmpty();
        assertThat(outbox.pending()).isZero();

        batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("connected"));
        inBatches.enqueue(notice(UUID.randomUUID()), () -> wakes.add("another organization's"));
        inBatches.enqueue(notice(organization), () -> wakes.add("the endpoint's organization's"));
        batch.commit();

        assertThat(wakes).containsExactly("the endpoint's organization's");
        assertThat(outbox.pending()).isOne();
    }

    @Test
    void aClaim_looksAtMostAtTheWindowOfAnEndpointsOldestPendingDeliveries() {
        UUID endpoint = endpoint(null);
        pending(endpoint, 6, 6);

        assertThat(outbox.claim(16, 8, 2, CLAIM)).extracting(Claimed::id).as("the two oldest")
                .containsExactly(oldestPending(endpoint, 2).toArray(Long[]::new));
        assertThat(outbox.claim(16, 8, 2, CLAIM)).as("the window's two are under way").isEmpty();
        assertThat(outbox.claim(16, 8, WINDOW, CLAIM)).hasSize(4);
    }

    @Test
    void eachResourcesDeliveries_goOneAtATime_inIdOrder_underABacklog() {
        UUID endpoint = endpoint(null);
        pending(endpoint, 600, 40);
        Map<UUID, List<Long>> deliveredByResource = new HashMap<>();

        List<Claimed> claimed;
        int claims = 0;
        while (!(claimed = outbox.claim(16, 8, WINDOW, CLAIM)).isEmpty()) {
            claims++;
            assertThat(claimed).hasSizeLessThanOrEqualTo(8);
            List<UUID> resources = claimed.stream().map(NoticeOutboxTest::resourceOf).toList();
            assertThat(resources).as("one delivery of a resource at a time").doesNotHaveDuplicates();
            for (Claimed delivery : claimed) {
                assertThat(delivery.id()).as("the oldest pending delivery of its resource")
                        .isEqualTo(oldestPending(endpoint, resourceOf(delivery)));
            }
            for (Claimed delivery : claimed) {
                deliveredByResource.computeIfAbsent(resourceOf(delivery), resource -> new ArrayList<>()).add(delivery.id());
                assertThat(outbox.record(delivery, success(), Optional.empty())).isTrue();
            }
        }

        assertThat(outbox.pending()).isZero();
        assertThat(claims).as("claims for 600 deliveries, 8 at a time").isEqualTo(75);
        assertThat(deliveredByResource).hasSize(40);
        deliveredByResource.values().forEach(ids -> assertThat(ids).hasSize(15).isSorted());
    }

    @Test
    void theLimitPerEndpoint_holdsWhileTwoNodesClaimAtOnce() throws Exception {
        UUID endpoint = endpoint(null);
        pending(endpoint, 100, 100);
        CountDownLatch claimedFirst = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        DataSource ownConnection = new SingleConnectionDataSource(postgres.getPostgresDatabase().getConnection(), true);
        NoticeOutbox firstNode = new NoticeOutbox(JdbcClient.create(ownConnection), null);
        CompletableFuture<List<Claimed>> first = CompletableFuture.supplyAsync(() ->
                new TransactionTemplate(new DataSourceTransactionManager(ownConnection)).execute(status -> {
                    List<Claimed> claimed = firstNode.claim(16, 4, WINDOW, CLAIM);
                    claimedFirst.countDown();
                    await(commit);
                    return claimed;
                }));
        await(claimedFirst);

        List<Claimed> whileTheFirstClaims = outbox.claim(16, 4, WINDOW, CLAIM);
        commit.countDown();
        List<Claimed> afterItsCommit = outbox.claim(16, 4, WINDOW, CLAIM);

        assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(4);
        assertThat(whileTheFirstClaims).as("the same rows, locked: skipped").isEmpty();
        assertThat(afterItsCommit).as("four under way already").isEmpty();
        assertThat(underWay(endpoint)).isEqualTo(4);
    }

    @Test
    void aFailingEndpoint_getsOnlyItsOldestPending_oneAtATime_whileAHealthyOneGetsItsShare() {
        UUID failing = endpoint(Instant.now());
        UUID healthy = endpoint(null);
        pending(failing, 10, 10);
        pending(healthy, 10, 10);

        List<Claimed> claimed = outbox.claim(16, 4, WINDOW, CLAIM);

        assertThat(claimed).filteredOn(delivery -> delivery.endpointId().equals(failing)).extracting(Claimed::id)
                .containsExactly(oldestPending(failing, null));
        assertThat(claimed).filteredOn(delivery -> delivery.endpointId().equals(healthy)).hasSize(4);
        assertThat(outbox.claim(16, 4, WINDOW, CLAIM)).as("the probe is under way; the healthy endpoint is full").isEmpty();

        Claimed probe = claimed.stream().filter(delivery -> delivery.endpointId().equals(failing)).findFirst().orElseThrow();
        assertThat(outbox.record(probe, new Attempt(Instant.now(), 503, 1, "down", null), Optional.of(Duration.ZERO))).isTrue();
        assertThat(outbox.claim(16, 4, WINDOW, CLAIM)).extracting(Claimed::id).as("the same oldest one, again alone")
                .containsExactly(probe.id());
    }

    @Test
    void aSuccess_endsTheEndpointsFailing_andAnAttemptWhoseClaimWasLost_isNotRecorded() {
        UUID endpoint = endpoint(Instant.now());
        pending(endpoint, 3, 3);
        Claimed probe = outbox.claim(16, 4, WINDOW, CLAIM).get(0);
        Claimed stale = new Claimed(probe.id(), probe.endpointId(), probe.noticeId(), probe.noticeType(), probe.body(),
                probe.attempts(), new java.sql.Timestamp(0), probe.occurredAt(), probe.channel(), probe.url(), null, null, null,
                probe.organizationId(), probe.signingSecret(), null, null, probe.failingSince());

        assertThat(outbox.record(stale, success(), Optional.empty())).isFalse();
        assertThat(outbox.record(probe, success(), Optional.empty())).isTrue();

        assertThat(jdbc.sql("SELECT failing_since IS NULL FROM notice_endpoints WHERE id = ?").param(endpoint)
                .query(Boolean.class).single()).as("no longer failing").isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM notice_attempts WHERE delivery_id = ?").param(probe.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(outbox.claim(16, 4, WINDOW, CLAIM)).as("no longer failing: side by side again").hasSize(2);
    }

    @Test
    void aClaimThatTimedOut_isTakenAgain() {
        UUID endpoint = endpoint(null);
        pending(endpoint, 1, 1);
        Claimed lost = outbox.claim(16, 4, WINDOW, Duration.ofMillis(-1)).get(0);

        assertThat(outbox.claim(16, 4, WINDOW, CLAIM)).extracting(Claimed::id).containsExactly(lost.id());
    }

    @Test
    void aClaimReadsNoMorePages_withAHundredTimesTheBacklog() {
        UUID endpoint = endpoint(null);
        pending(endpoint, 200, 200);
        jdbc.sql("ANALYZE notice_deliveries").update();
        long small = pagesRead();
        pending(endpoint, 20_000, 20_000);
        long youngTable = pagesRead();
        jdbc.sql("ANALYZE notice_deliveries").update();
        long analyzed = pagesRead();

        // a claim that sorted the pending rows would read every page of them: 20,200 rows of this size fill hundreds
        assertThat(youngTable).as("pages a claim read with 20,200 pending, not analyzed, against %d with 200", small)
                .isLessThanOrEqualTo(2 * small);
        assertThat(analyzed).as("pages a claim read with 20,200 pending, analyzed, against %d with 200", small)
                .isLessThanOrEqualTo(2 * small);
    }

    @Test
    void aClaimReadsNoMorePages_whenTheStatisticsPredateAReplay() {
        UUID endpoint = endpoint(null);
        pending(endpoint, 200, 200);
        jdbc.sql("ANALYZE notice_deliveries").update();
        long small = pagesRead();
        // the statistics see every delivery delivered; a replay then makes 3,000 of them due again, and no autovacuum
        // analyzes the table before the claim
        pending(endpoint, 6_000, 6_000);
        jdbc.sql("UPDATE notice_deliveries SET state = 'DELIVERED', attempts = 1, delivered_at = now()").update();
        jdbc.sql("ALTER TABLE notice_deliveries SET (autovacuum_enabled = false)").update();
        try {
            jdbc.sql("ANALYZE notice_deliveries").update();
            int replayed = jdbc.sql("UPDATE notice_deliveries SET state = 'PENDING', next_attempt_at = now(), claimed_until = NULL "
                            + "WHERE endpoint_id = ? AND id > (SELECT max(id) - 3000 FROM notice_deliveries)")
                    .param(endpoint).update();
            assertThat(replayed).isEqualTo(3_000);

            // as a join, the claim looked for its candidates again for each pending row: 114,002 pages against 112
            assertThat(pagesRead()).as("pages a claim read with 3,000 pending that the statistics do not know of, against %d", small)
                    .isLessThanOrEqualTo(10 * small);
        } finally {
            jdbc.sql("ALTER TABLE notice_deliveries RESET (autovacuum_enabled)").update();
        }
    }

    /** Shared buffers (hit or read) of one claim, rolled back. */
    private static long pagesRead() {
        DataSource connection = new SingleConnectionDataSource(jdbcConnection(), true);
        return new TransactionTemplate(new DataSourceTransactionManager(connection)).execute(status -> {
            status.setRollbackOnly();
            String plan = JdbcClient.create(connection).sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + NoticeOutbox.CLAIM)
                    .param("limit", 16).param("perEndpoint", 4).param("window", WINDOW).param("claimMillis", 60_000)
                    .query(String.class).single();
            JsonNode root = json(plan).get(0).get("Plan");
            return root.get("Shared Hit Blocks").asLong() + root.get("Shared Read Blocks").asLong();
        });
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.sql.Connection jdbcConnection() {
        try {
            return postgres.getPostgresDatabase().getConnection();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Notice notice(UUID organization) {
        String id = "msg_" + UUID.randomUUID();
        return new Notice(id, NoticeType.ACCOUNT_CONNECTED, organization, UUID.randomUUID(), Instant.now().plusSeconds(1), "{}");
    }

    /** The eventing module's batched writes; Spring calls its constructor, the test reaches it by reflection. */
    private static BatchedWrites batchedWrites() throws ReflectiveOperationException {
        Constructor<BatchedWrites> constructor = BatchedWrites.class.getDeclaredConstructor(NamedParameterJdbcTemplate.class);
        constructor.setAccessible(true);
        return constructor.newInstance(new NamedParameterJdbcTemplate(postgres.getPostgresDatabase()));
    }

    private static UUID endpoint(Instant failingSince) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO notice_endpoints (id, organization_id, channel, url, enabled, signing_secret, failing_since,
                                                      created_by, created_at, updated_at)
                        VALUES (?, ?, 'webhook', 'https://receiver.example/notices', TRUE, 'local:v1:sealed', ?, 'test', now(), now())""")
                .params(id, UUID.randomUUID(), failingSince == null ? null : java.sql.Timestamp.from(failingSince))
                .update();
        return id;
    }

    /** {@code count} due deliveries to the endpoint, over {@code resources} resources taking turns. */
    private static void pending(UUID endpoint, int count, int resources) {
        jdbc.sql("""
                        INSERT INTO notice_deliveries (endpoint_id, notice_id, notice_type, resource_id, body, occurred_at, state,
                                                       next_attempt_at, created_at)
                        SELECT :endpoint, 'n-' || gen_random_uuid(), 'account.connected',
                               CAST(md5(CAST(:endpoint AS text) || (g % :resources)) AS uuid), '{}', now(), 'PENDING', now(), now()
                        FROM generate_series(1, :count) g""")
                .param("endpoint", endpoint).param("resources", resources).param("count", count)
                .update();
    }

    private static List<Long> oldestPending(UUID endpoint, int count) {
        return jdbc.sql("SELECT id FROM notice_deliveries WHERE endpoint_id = ? AND state = 'PENDING' ORDER BY id LIMIT ?")
                .params(endpoint, count).query(Long.class).list();
    }

    private static UUID resourceOf(Claimed claimed) {
        return jdbc.sql("SELECT resource_id FROM notice_deliveries WHERE id = ?").param(claimed.id()).query(UUID.class).single();
    }

    private static long oldestPending(UUID endpoint, UUID resource) {
        return jdbc.sql("""
                        SELECT min(id) FROM notice_deliveries
                        WHERE endpoint_id = ? AND (CAST(? AS uuid) IS NULL OR resource_id = ?) AND state = 'PENDING'""")
                .params(endpoint, resource, resource).query(Long.class).single();
    }

    private static long underWay(UUID endpoint) {
        return jdbc.sql("SELECT count(*) FROM notice_deliveries WHERE endpoint_id = ? AND claimed_until >= now()")
                .param(endpoint).query(Long.class).single();
    }

    private static Attempt success() {
        return new Attempt(Instant.now(), 204, 1, "", null);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
