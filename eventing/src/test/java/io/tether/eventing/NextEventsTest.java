package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events after a token are one query away, also when there are none and also past a gap wider than a batch: the
 * event store's producer looks every poll interval, and each of Axon's empty looks was two queries (two transactions).
 * And a read that finds fewer events than a batch ends there, without a look that finds nothing more.
 */
class NextEventsTest {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcClient jdbc;
    private static final AtomicInteger queries = new AtomicInteger();
    private static PositionNotingStorageEngine tethers;
    private static JdbcEventStorageEngine axons;

    @BeforeAll
    static void eventStore() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("next-events")).start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        tethers = new PositionNotingStorageEngine(PositionNotingStorageEngine.gapHandling(NextEvents.readWith(engine())),
                new EventStorePositions(jdbc), PositionNotingStorageEngine.Looks.PLAIN);
        axons = engine().build();
    }

    /** Each query of the engine takes a connection of its own from the provider: counting those counts the queries. */
    private static JdbcEventStorageEngine.Builder engine() {
        ConnectionProvider provider = new SpringDataSourceConnectionProvider(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .connectionProvider(() -> {
                    queries.incrementAndGet();
                    return provider.getConnection();
                })
                .transactionManager(NoTransactionManager.instance())
                .schema(EventStoreConfiguration.tetherEventSchema())
                .dataType(byte[].class);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void oneEventAtLeast() {
        append(UUID.randomUUID().toString());
    }

    @Test
    void aLookThatFindsNothing_isOneQuery_whereAxonsIsTwo() {
        TrackingToken head = tethers.createHeadToken();

        assertThat(read(tethers, head)).isEmpty();
        int tethersQueries = queries.getAndSet(0);
        assertThat(read(axons, head)).isEmpty();

        assertThat(tethersQueries).isEqualTo(1);
        assertThat(queries.get()).isEqualTo(2);
    }

    @Test
    void anEventPastAGapWiderThanABatch_isReadByTheFirstQuery() {
        TrackingToken head = tethers.createHeadToken();
        jdbc.sql("SELECT nextval('domain_event_entry_seq') FROM generate_series(1, 250)").query(Long.class).list();
        String past = append(UUID.randomUUID().toString());

        List<TrackedEventMessage<?>> read = read(tethers, head);

        assertThat(read).extracting(TrackedEventMessage::getIdentifier).containsExactly(past);
        assertThat(queries.get()).isEqualTo(1);
    }

    @Test
    void anEventCommittedLateIntoAGap_isRead_beforeTheEventsAfterTheToken() {
        TrackingToken head = tethers.createHeadToken();
        long gap = jdbc.sql("SELECT nextval('domain_event_entry_seq')").query(Long.class).single();
        append(UUID.randomUUID().toString());
        TrackingToken withGap = read(tethers, head).get(0).trackingToken();
        assertThat(((GapAwareTrackingToken) withGap).getGaps()).containsExactly(gap);
        String late = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number,
                            type, time_stamp, payload_type, payload_revision, payload, meta_data)
                        SELECT ?, ?, ?, 0, type, time_stamp, payload_type, payload_revision, payload, meta_data
                        FROM domain_event_entry ORDER BY global_index DESC LIMIT 1""")
                .params(gap, late, UUID.randomUUID().toString()).update();
        String after = append(UUID.randomUUID().toString());

        List<TrackedEventMessage<?>> read = read(tethers, withGap);

        assertThat(read).extracting(TrackedEventMessage::getIdentifier).containsExactly(late, after);
        assertThat(queries.get()).isEqualTo(1);
    }

    @Test
    void aFullBatch_isFollowedByAnotherLook_untilAPartialOne() {
        TrackingToken head = tethers.createHeadToken();
        for (int i = 0; i < tethers.batchSize() + 1; i++) {
            append(UUID.randomUUID().toString());
        }

        assertThat(read(tethers, head)).hasSize(tethers.batchSize() + 1);
        assertThat(queries.get()).isEqualTo(2);
    }

    @Test
    void theProducersLookRightAfterALookThatFoundEvents_isSkipped_unlessItWasAskedToFetchMeanwhile() {
        TrackingToken head = tethers.createHeadToken();
        append(UUID.randomUUID().toString());
        List<TrackedEventMessage<?>> found = producerRead(head);
        assertThat(found).hasSize(1);
        TrackingToken last = found.get(0).trackingToken();

        assertThat(producerRead(last)).isEmpty();
        assertThat(queries.get()).as("nothing asked for it: no query").isZero();
        assertThat(producerRead(last)).isEmpty();
        assertThat(queries.get()).as("the producer's next own look, after its fetch delay").isOne();

        append(UUID.randomUUID().toString());
        last = producerRead(last).get(0).trackingToken();
        String committedMeanwhile = append(UUID.randomUUID().toString());
        tethers.fetchAsked();
        assertThat(producerRead(last)).extracting(TrackedEventMessage::getIdentifier).containsExactly(committedMeanwhile);
        assertThat(read(tethers, last)).as("a processor's own stream is never skipped").hasSize(1);
        assertThat(queries.get()).isOne();
        producerRead(last);
    }

    @Test
    void trackedEvents_theirTimesAndTokens_areReadAsAxonReadsThem_gapsOlderThanTheTimeOutGivenUpOn() {
        TrackingToken head = tethers.createHeadToken();
        String first = append(UUID.randomUUID().toString());
        long youngGap = jdbc.sql("SELECT nextval('domain_event_entry_seq')").query(Long.class).single();
        String young = append(UUID.randomUUID().toString());
        jdbc.sql("SELECT nextval('domain_event_entry_seq')").query(Long.class).single();
        String old = append(UUID.randomUUID().toString());
        jdbc.sql("UPDATE domain_event_entry SET time_stamp = '2026-01-01T00:00:00.000Z' WHERE event_identifier = ?")
                .param(old).update();

        List<TrackedEventMessage<?>> ours = read(tethers, head);
        List<TrackedEventMessage<?>> axonsRead = read(axons, head);

        assertThat(ours).extracting(TrackedEventMessage::getIdentifier).containsExactly(first, young, old);
        assertThat(ours).extracting(TrackedEventMessage::trackingToken)
                .containsExactlyElementsOf(axonsRead.stream().map(TrackedEventMessage::trackingToken).toList());
        assertThat(ours).extracting(TrackedEventMessage::getTimestamp)
                .containsExactlyElementsOf(axonsRead.stream().map(TrackedEventMessage::getTimestamp).toList());
        assertThat(ours).extracting(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .containsExactlyElementsOf(axonsRead.stream().map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier()).toList());
        assertThat(ours).extracting(event -> (Object) event.getPayload()).containsOnly("created");
        assertThat(((GapAwareTrackingToken) ours.get(1).trackingToken()).getGaps()).containsExactly(youngGap);
        assertThat(((GapAwareTrackingToken) ours.get(2).trackingToken()).getGaps()).isEmpty();
        assertThat(ours.get(2).getTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void anAggregatesEvents_areReadAsAxonReadsThem() {
        String aggregate = UUID.randomUUID().toString();
        append(aggregate);

        DomainEventMessage<?> ours = tethers.readEvents(aggregate).next();
        DomainEventMessage<?> axonsRead = axons.readEvents(aggregate).next();

        assertThat(ours.getIdentifier()).isEqualTo(axonsRead.getIdentifier());
        assertThat(ours.getAggregateIdentifier()).isEqualTo(aggregate);
        assertThat(ours.getTimestamp()).isEqualTo(axonsRead.getTimestamp());
        assertThat(ours.getPayload()).isEqualTo("created");
    }

    private static List<TrackedEventMessage<?>> producerRead(TrackingToken after) {
        queries.set(0);
        return tethers.readEvents(after, true).<TrackedEventMessage<?>>map(event -> event).toList();
    }

    private static List<TrackedEventMessage<?>> read(JdbcEventStorageEngine engine, TrackingToken after) {
        queries.set(0);
        return engine.readEvents(after, false).<TrackedEventMessage<?>>map(event -> event).toList();
    }

    /** Appends one event of a new aggregate in a transaction of its own; answers its identifier. */
    private static String append(String aggregate) {
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Account", aggregate, 0, "created");
        tethers.appendEvents(event);
        return event.getIdentifier();
    }
}
