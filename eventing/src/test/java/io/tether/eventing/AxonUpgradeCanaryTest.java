package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * <b>Run this class first when you upgrade Axon Framework.</b> Each test pins one behaviour of Axon
 * that a workaround of this module relies on without Axon promising it; a failure names what to
 * re-check before the rest of the suite (which may pass while a workaround silently stops working):
 * <ul>
 *   <li>{@link #aWorkPackage_movesItsSegmentOnAfterTheHandlersAfterCommit_andBeforeTheirCleanUp}:
 *       {@link ProcessorCommits} counts a batch at its clean-up; if the order changed, read-your-writes
 *       queries and {@link CoordinatorPacing} are woken before the position they look at has moved.</li>
 *   <li>{@link #aWorkPackageQueuesAtMost1024Events}: {@link CoordinatorPacing#WINDOW} must stay below
 *       the work packages' queue, or the coordinator fills it and falls back to Axon's fixed pause.</li>
 *   <li>{@link #theCoordinator_asksItsStreamToCallItBack}: {@link WakingEventSource} wakes the
 *       processors through that callback; without it a caught-up processor polls every 500 ms.</li>
 *   <li>{@link #aSegmentHandlesTheEventsOfTheAggregatesThatHashIntoIt}: {@link ProjectionPositions}
 *       works out which events a segment still owes from that rule (Axon's default sequencing).</li>
 *   <li>{@link #aProcessorsHandlerInvoker_tellsWhichPayloadTypesItHandles}: {@link ProjectionPositions}
 *       skips the events a read model has no handler for by asking the invoker (a cast to
 *       {@link AbstractEventProcessor}).</li>
 *   <li>{@link #theTokenStoreKeepsATokenInTokenEntryAsItsSerializedFormAndType}: {@link ProjectionPositions}
 *       reads the other nodes' positions straight from {@code token_entry}.</li>
 * </ul>
 */
class AxonUpgradeCanaryTest {

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
    private PooledStreamingEventProcessor processor;

    static class StringHandler {
        final AtomicInteger handled = new AtomicInteger();

        @EventHandler
        void on(String event) {
            handled.incrementAndGet();
        }
    }

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.shutDown();
        }
        coordinator.shutdownNow();
        workers.shutdownNow();
        eventStore.shutDown();
    }

    @Test
    void aWorkPackage_movesItsSegmentOnAfterTheHandlersAfterCommit_andBeforeTheirCleanUp() {
        List<Long> atAfterCommit = new CopyOnWriteArrayList<>();
        List<Long> atCleanUp = new CopyOnWriteArrayList<>();
        processor = processor(eventStore, new StringHandler());
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.afterCommit(done -> atAfterCommit.add(position()));
            unitOfWork.onCleanup(done -> atCleanUp.add(position()));
            return chain.proceed();
        });
        processor.start();

        eventStore.publish(new GenericDomainEventMessage<>("Account", "a-1", 0, "connected"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !atCleanUp.isEmpty());
        assertThat(atCleanUp).as("the segment's position at the batch's clean-up: the event's").hasSize(1)
                .allMatch(position -> position >= 0);
        assertThat(atAfterCommit).as("the segment's position in the handlers' after-commit: not yet moved")
                .containsExactly(-1L);
    }

    @Test
    void aWorkPackageQueuesAtMost1024Events() throws Exception {
        Field bufferSize = Class.forName("org.axonframework.eventhandling.pooled.WorkPackage").getDeclaredField("BUFFER_SIZE");
        bufferSize.setAccessible(true);

        assertThat(bufferSize.getInt(null)).isEqualTo(1024).isGreaterThan((int) CoordinatorPacing.WINDOW);
    }

    @Test
    void theCoordinator_asksItsStreamToCallItBack() {
        AtomicInteger callbacksAsked = new AtomicInteger();
        StreamableMessageSource<TrackedEventMessage<?>> counting = new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
                BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token);
                return new BlockingStream<>() {
                    @Override
                    public java.util.Optional<TrackedEventMessage<?>> peek() {
                        return stream.peek();
                    }

                    @Override
                    public boolean hasNextAvailable(int timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
                        return stream.hasNextAvailable(timeout, unit);
                    }

                    @Override
                    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
                        return stream.nextAvailable();
                    }

                    @Override
                    public void close() {
                        stream.close();
                    }

                    @Override
                    public boolean setOnAvailableCallback(Runnable callback) {
                        callbacksAsked.incrementAndGet();
                        return true;
                    }
                };
            }

            @Override
            public TrackingToken createTailToken() {
                return eventStore.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return eventStore.createHeadToken();
            }
        };
        processor = processor(counting, new StringHandler());

        processor.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacksAsked.get() > 0);
    }

    @Test
    void aSegmentHandlesTheEventsOfTheAggregatesThatHashIntoIt() {
        SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder().eventHandlers(new StringHandler()).build();
        Segment[] ring = Segment.computeSegments(0, 1, 2, 3);

        for (int aggregate = 0; aggregate < 50; aggregate++) {
            String aggregateId = "account-" + aggregate;
            var event = new GenericDomainEventMessage<>("Account", aggregateId, 0, "connected");
            for (Segment segment : ring) {
                assertThat(invoker.canHandle(event, segment)).as("%s in %s", aggregateId, segment)
                        .isEqualTo(segment.matches(Objects.hashCode(aggregateId)));
            }
        }
    }

    @Test
    void aProcessorsHandlerInvoker_tellsWhichPayloadTypesItHandles() {
        processor = processor(eventStore, new StringHandler());

        assertThat(processor).isInstanceOf(AbstractEventProcessor.class);
        assertThat(processor.eventHandlerInvoker().canHandleType(String.class)).isTrue();
        assertThat(processor.eventHandlerInvoker().canHandleType(Integer.class)).isFalse();
    }

    @Test
    void theTokenStoreKeepsATokenInTokenEntryAsItsSerializedFormAndType() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("canary")).start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            TokenStore tokens = ProcessorClaimTimeoutTest.tokenStoreAsTetherConfiguresIt(
                    new DataSourceConnectionProvider(dataSource), Duration.ofSeconds(10));
            TrackingToken token = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(41, Set.of(38L, 40L)),
                    GapAwareTrackingToken.newInstance(12, Set.of()));
            tokens.initializeTokenSegments("accounts", 2);
            tokens.fetchToken("accounts", 1);
            tokens.storeToken(token, "accounts", 1);

            var row = new JdbcTemplate(dataSource).queryForMap(
                    "SELECT token, token_type FROM token_entry WHERE processor_name = 'accounts' AND segment = 1");
            TrackingToken read = serializer.deserialize(new SimpleSerializedObject<>((byte[]) row.get("token"), byte[].class,
                    (String) row.get("token_type"), null));

            assertThat(read).isEqualTo(token);
            assertThat(row.get("token_type")).isEqualTo(ReplayToken.class.getName());
        }
    }

    private PooledStreamingEventProcessor processor(StreamableMessageSource<TrackedEventMessage<?>> source, Object handler) {
        return PooledStreamingEventProcessor.builder()
                .name("canary")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(source)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.instance())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .build();
    }

    /** The processor's one segment's position in memory (its processing status), -1 before it has one. */
    private long position() {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .map(position -> position.orElse(-1))
                .findFirst()
                .orElse(-1L);
    }
}
