package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import io.tether.eventing.ConsistencyProperties;
import io.tether.eventing.ProcessorCommits;
import io.tether.eventing.ProjectionPositions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Read-your-writes with a read model split into two segments. A segment stores a position it merely
 * skipped past only now and then, so its token may lag behind events that are not its own; the
 * answer must not wait for that, and must wait for a segment that has not reached its own event.
 * The tokens here belong to a processing group of the test's own, written directly, so that each
 * case is exact rather than a matter of timing.
 */
class ReadYourWritesSegmentsTest extends EndToEndTest {

    private final String group = "read-your-writes-" + UUID.randomUUID();
    private final Segment[] segments = Segment.computeSegments(0, 1);

    @Autowired
    ProjectionPositions positions;

    @Autowired
    Serializer serializer;

    @Autowired
    ConsistencyProperties consistency;

    @Autowired
    ProcessorCommits commits;

    @Autowired
    ObjectProvider<EventProcessingConfiguration> processing;

    @AfterEach
    void removeTokens() {
        jdbc.update("DELETE FROM token_entry WHERE processor_name LIKE ?", group + "%");
    }

    @Test
    void aSegmentBehindOnlyOtherSegmentsEvents_doesNotHoldTheAnswerBack() {
        Written written = write();
        store(written.ownSegment(), token(written.position(), List.of()));
        store(written.otherSegment(), token(written.position() - 1, List.of()));

        assertThat(positions.hasProcessed(group, written.position())).isTrue();
    }

    @Test
    void theSegmentOfTheEvent_mustHaveReachedIt() {
        Written written = write();
        store(written.ownSegment(), token(written.position() - 1, List.of()));
        store(written.otherSegment(), token(written.position(), List.of()));

        assertThat(positions.hasProcessed(group, written.position())).isFalse();
    }

    @Test
    void anEventStillAGapInItsSegmentsToken_isNotProcessed() {
        Written written = write();
        store(written.ownSegment(), token(written.position() + 1, List.of(written.position())));
        store(written.otherSegment(), token(written.position(), List.of()));

        assertThat(positions.hasProcessed(group, written.position())).isFalse();
    }

    @Test
    void aSegmentThatNeverStarted_holdsTheAnswerBack_whileEventsBeforeThePositionAreItsOwn() {
        Written written = write();
        store(written.ownSegment(), null);
        store(written.otherSegment(), token(written.position(), List.of()));

        assertThat(positions.hasProcessed(group, written.position())).isFalse();
    }

    /**
     * The first read model reaches the position late in the wait, the second never: the answer is
     * "stale" once the one bound is spent, not a fresh bound after the first read model arrived.
     */
    @Test
    void aReadOfSeveralReadModels_waitsOneBoundInAll_notOneForEach() throws Exception {
        Written written = write();
        String late = group + "-late";
        String never = group + "-never";
        for (String behind : List.of(late, never)) {
            store(behind, written.ownSegment(), token(written.position() - 1, List.of()));
            store(behind, written.otherSegment(), token(written.position() - 1, List.of()));
        }
        Duration bound = consistency.maxWait();
        ScheduledExecutorService arrival = Executors.newSingleThreadScheduledExecutor();
        try {
            arrival.schedule(() -> {
                jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", late);
                store(late, written.ownSegment(), token(written.position(), List.of()));
                store(late, written.otherSegment(), token(written.position(), List.of()));
            }, bound.toMillis() * 6 / 10, TimeUnit.MILLISECONDS);

            long started = System.nanoTime();
            boolean processed = positions.awaitProcessed(List.of(late, never), written.position());
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(processed).isFalse();
            assertThat(waited).isGreaterThanOrEqualTo(bound).isLessThan(bound.multipliedBy(3).dividedBy(2));
        } finally {
            arrival.shutdownNow();
        }
    }

    @Test
    void theAccountsReadModel_runsOnTwoSegments_andAnswersCaughtUpRightAfterEachWrite() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = 'integration-accounts'",
                Integer.class)).isEqualTo(2);
        Api api = newOrganization();
        for (int i = 0; i < 10; i++) {
            Response created = api.post("/integrations/accounts", adsAccount("Segmented " + i));
            Response read = api.get("/integrations/accounts/" + created.body().get("id").asText(), created.position());
            assertThat(read.header("Tether-Consistency")).isEqualTo("caught-up");
            assertThat(read.body()).isEqualTo(created.body());
        }
    }

    /**
     * Another node's segments: no processor here commits them, so nothing wakes the read; the poll finds
     * their tokens once they are stored, long before the bound.
     */
    @Test
    void aHeldRead_ofSegmentsNoProcessorHereHolds_findsTheirStoredTokensByPolling() throws Exception {
        Written written = write();
        store(written.ownSegment(), token(written.position() - 1, List.of()));
        store(written.otherSegment(), token(written.position(), List.of()));
        ScheduledExecutorService otherNode = Executors.newSingleThreadScheduledExecutor();
        try {
            otherNode.schedule(() -> jdbc.update("UPDATE token_entry SET token = ? WHERE processor_name = ? AND segment = ?",
                    serializer.serialize(token(written.position(), List.of()), byte[].class).getData(),
                    group, written.ownSegment()), 300, TimeUnit.MILLISECONDS);

            long started = System.nanoTime();
            boolean processed = positions.awaitProcessed(group, written.position());

            assertThat(processed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(consistency.maxWait().dividedBy(2));
        } finally {
            otherNode.shutdownNow();
        }
    }

    /**
     * With a poll interval of an hour, only the wake from this node's processor can answer the read in
     * time: the processor is stopped while the account is created and the read starts waiting, and
     * started again once the read has looked and found the read model behind.
     */
    @Test
    void aHeldRead_looksAgainWhenThisNodesProcessorCommits_notOnlyAtTheNextPoll() throws Exception {
        ProjectionPositions pollingHourly = new ProjectionPositions(JdbcClient.create(jdbc), serializer,
                new ConsistencyProperties(Duration.ofSeconds(30), Duration.ofHours(1)), commits, processing);
        String accounts = "integration-accounts";
        EventProcessor processor = processing.getObject().eventProcessor(accounts).orElseThrow();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        processor.shutDown();
        try {
            long position = write().position();
            assertThat(pollingHourly.hasProcessed(accounts, position)).isFalse();

            long started = System.nanoTime();
            Future<Boolean> read = reader.submit(() -> pollingHourly.awaitProcessed(accounts, position));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());
            processor.start();

            assertThat(read.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            if (!processor.isRunning()) {
                processor.start();
            }
            reader.shutdownNow();
        }
    }

    @Test
    void aReadModelThisNodeProcessesWhole_isLookedAtInMemory_withoutAQuery() {
        AtomicInteger connections = new AtomicInteger();
        DataSource counting = new DelegatingDataSource(jdbc.getDataSource()) {
            @Override
            public Connection getConnection() throws SQLException {
                connections.incrementAndGet();
                return super.getConnection();
            }
        };
        ProjectionPositions positions = new ProjectionPositions(JdbcClient.create(counting), serializer, consistency,
                commits, processing);
        Written written = write();
        store(written.ownSegment(), token(written.position(), List.of()));
        store(written.otherSegment(), token(written.position(), List.of()));
        assertThat(this.positions.awaitProcessed("integration-accounts", written.position())).isTrue();
        // What is measured needs this node to hold every segment: a pooled processor lets one go for a moment (a batch
        // that failed, a claim not extended in time on a busy machine) and takes it back within its claim interval.
        await().atMost(Duration.ofSeconds(15)).until(() -> holdsEverySegment("integration-accounts"));

        assertThat(positions.hasProcessed("integration-accounts", written.position())).isTrue();
        assertThat(positions.awaitProcessed("integration-accounts", written.position())).isTrue();
        assertThat(connections).hasValue(0);

        assertThat(positions.hasProcessed(group, written.position())).isTrue();
        assertThat(connections).hasPositiveValue();
    }

    /** Whether this node's processor of the group processes every segment the token store has for it, none in error. */
    private boolean holdsEverySegment(String processingGroup) {
        Map<Integer, EventTrackerStatus> held = processing.getObject()
                .eventProcessor(processingGroup, StreamingEventProcessor.class).orElseThrow().processingStatus();
        List<Integer> stored = jdbc.queryForList("SELECT segment FROM token_entry WHERE processor_name = ?",
                Integer.class, processingGroup);
        return held.keySet().containsAll(stored) && held.values().stream().noneMatch(EventTrackerStatus::isErrorState);
    }

    /** Creates an account: its one event, at a known position, belongs to one of the two segments. */
    private Written write() {
        Response created = newOrganization().post("/integrations/accounts", adsAccount("Positioned"));
        assertThat(created.status()).isEqualTo(201);
        String aggregate = created.body().get("id").asText();
        long position = Long.parseLong(created.header("Tether-Position"));
        Segment own = segments[0].matches(Objects.hashCode(aggregate)) ? segments[0] : segments[1];
        Segment other = own == segments[0] ? segments[1] : segments[0];
        return new Written(position, own.getSegmentId(), other.getSegmentId());
    }

    private static TrackingToken token(long index, List<Long> gaps) {
        return GapAwareTrackingToken.newInstance(index, gaps);
    }

    private void store(int segment, TrackingToken token) {
        store(group, segment, token);
    }

    private void store(String processor, int segment, TrackingToken token) {
        SerializedObject<byte[]> serialized = token == null ? null : serializer.serialize(token, byte[].class);
        jdbc.update("INSERT INTO token_entry (processor_name, segment, owner, timestamp, token, token_type)"
                        + " VALUES (?, ?, NULL, '2026-01-01T00:00:00Z', ?, ?)",
                processor, segment, serialized == null ? null : serialized.getData(),
                serialized == null ? null : serialized.getType().getName());
    }

    private record Written(long position, int ownSegment, int otherSegment) {
    }
}
