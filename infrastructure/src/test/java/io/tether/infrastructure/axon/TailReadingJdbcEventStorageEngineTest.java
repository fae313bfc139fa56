package io.tether.infrastructure.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A stream of tracked events ends at its first short batch, so the store's producer no longer spends
 * an empty fetch (and Axon's check for a wide gap) on every read; and whatever the gaps, a reader that
 * opens a new stream from its last event whenever the previous one found events gets every event once.
 */
class TailReadingJdbcEventStorageEngineTest {

    private static final int BATCH = 10;
    /**
     * Before the first event (the sequence starts at 1). Axon's first window from no token at all is
     * (-1, 9], one place short of a batch: such a stream ends after nine events, and the next goes on.
     */
    private static final TrackingToken FROM_START = GapAwareTrackingToken.newInstance(0, List.of());

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static TailReadingJdbcEventStorageEngine engine;
    private static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void engineOnTheEventStoreSchema() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("tail-reading")).start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        engine = new TailReadingJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.instance())
                .schema(new AxonConfiguration().eventSchema())
                .dataType(byte[].class)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .batchSize(BATCH)) {
            @Override
            protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
                fetches.incrementAndGet();
                return super.fetchTrackedEvents(lastToken, batchSize);
            }
        };
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void emptyStore() {
        jdbc.execute("TRUNCATE domain_event_entry");
        jdbc.execute("ALTER SEQUENCE domain_event_entry_seq RESTART WITH 1");
        fetches.set(0);
    }

    @Test
    void aStreamEndsAtItsFirstShortBatch_withoutAnEmptyFetch() {
        append(25);

        assertThat(payloads(engine.readEvents(FROM_START, false).collect(Collectors.toList())))
                .containsExactlyElementsOf(numbers(1, 25));
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aFullLastBatch_isFollowedByOneEmptyFetch() {
        append(20);

        assertThat(engine.readEvents(FROM_START, false).count()).isEqualTo(20);
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aBatchShortenedByAGap_endsTheStream_andTheNextStreamReadsOnIncludingTheGapWhenItFills() {
        append(30);
        List<Object[]> heldBack = deleteIndexes(3, 9);

        List<TrackedEventMessage<?>> first = engine.readEvents(FROM_START, false).collect(Collectors.toList());
        assertThat(payloads(first)).containsExactly(1, 2, 10);

        restore(heldBack);
        assertThat(payloads(readAsTheProducerDoes(first.get(first.size() - 1).trackingToken())))
                .containsExactlyInAnyOrderElementsOf(numbers(3, 9, 11, 30));
    }

    @Test
    void aGapWiderThanABatch_isStillCrossed() {
        append(30);
        deleteIndexes(2, 25);

        assertThat(payloads(readAsTheProducerDoes(null))).containsExactly(1, 26, 27, 28, 29, 30);
    }

    /** New streams from the last event read, for as long as the previous stream found any (the producer's loop). */
    private static List<TrackedEventMessage<?>> readAsTheProducerDoes(TrackingToken from) {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        TrackingToken token = from;
        while (true) {
            List<? extends TrackedEventMessage<?>> stream = engine.readEvents(token, false).collect(Collectors.toList());
            if (stream.isEmpty()) {
                return read;
            }
            read.addAll(stream);
            token = stream.get(stream.size() - 1).trackingToken();
        }
    }

    private static void append(int count) {
        engine.appendEvents(IntStream.rangeClosed(1, count)
                .mapToObj(n -> new GenericDomainEventMessage<>("Test", "aggregate", n - 1, n))
                .collect(Collectors.toList()));
    }

    /** Removes the rows of a range of global indexes, as if their appends had not committed yet; returns them. */
    private static List<Object[]> deleteIndexes(long from, long to) {
        List<Object[]> rows = jdbc.query("SELECT * FROM domain_event_entry WHERE global_index BETWEEN ? AND ?",
                (result, row) -> {
                    Object[] values = new Object[result.getMetaData().getColumnCount()];
                    for (int column = 0; column < values.length; column++) {
                        values[column] = result.getObject(column + 1);
                    }
                    return values;
                }, from, to);
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index BETWEEN ? AND ?", from, to);
        return rows;
    }

    private static void restore(List<Object[]> rows) {
        for (Object[] row : rows) {
            jdbc.update("INSERT INTO domain_event_entry VALUES (" + "?, ".repeat(row.length - 1) + "?)", row);
        }
    }

    private static List<Integer> payloads(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(event -> (Integer) event.getPayload()).collect(Collectors.toList());
    }

    private static List<Integer> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    private static List<Integer> numbers(int from, int to, int andFrom, int andTo) {
        List<Integer> numbers = new ArrayList<>(numbers(from, to));
        numbers.addAll(numbers(andFrom, andTo));
        return numbers;
    }
}
