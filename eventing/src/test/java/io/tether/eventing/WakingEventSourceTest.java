package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The processors' view of the event store: woken by a local commit, at once or, with a gathering
 * window, once the commit's events are the window old. The poll interval is a minute here, so every
 * callback these tests see comes from a commit or from a stream that waits.
 */
class WakingEventSourceTest {

    private static final Duration NO_TICK = Duration.ofMinutes(1);

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    /** Tether's store: its producer looks on its own only every minute here, so what it fetches sooner it was asked for. */
    private final GatheredFetchEventStore gatheredStore = new GatheredFetchEventStore(EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .fetchDelay(NO_TICK.toMillis()));
    /** Tether's store keeping its two latest events only (tether.event-stream.cached-events). */
    private final GatheredFetchEventStore smallCache = new GatheredFetchEventStore(EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .fetchDelay(NO_TICK.toMillis())
            .cachedEvents(2));
    /** The store the test commits to and reads from. */
    private EmbeddedEventStore store = eventStore;
    private WakingEventSource source;
    /** This node's announcements: no look of these stores reads the database, so none is sent. */
    private final EventAnnouncements announcements = new EventAnnouncements(null, null);
    private BlockingStream<TrackedEventMessage<?>> stream;
    private final AtomicInteger callbacks = new AtomicInteger();
    private final AtomicLong firstCallback = new AtomicLong();

    @AfterEach
    void stop() {
        if (source != null) {
            stream.close();
            source.stop();
        }
        eventStore.shutDown();
        gatheredStore.shutDown();
        smallCache.shutDown();
    }

    @Test
    void withoutAGatheringWindow_aLocalCommitCallsTheProcessorsAtOnce() {
        open(Duration.ZERO);

        commitOneEvent();

        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > 0);
        await().atMost(Duration.ofSeconds(5)).until(stream::hasNextAvailable);
    }

    @Test
    void withAGatheringWindow_theProcessorsReadNothingUntilTheFirstNewEventIsTheWindowOld_thenEverythingInOneRound() throws Exception {
        Duration window = Duration.ofSeconds(1);
        open(window);

        long committed = System.nanoTime();
        commitOneEvent();
        commitOneEvent();
        commitOneEvent();

        assertThat(stream.hasNextAvailable()).as("inside the window").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > 0);
        assertThat(firstCallback.get() - committed).as("called back once the window has passed")
                .isGreaterThan(window.toNanos() * 9 / 10);
        for (int event = 0; event < 3; event++) {
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event");
        }
        assertThat(stream.hasNextAvailable()).isFalse();
        await("one callback for the three commits").during(window).atMost(window.plusSeconds(2))
                .until(() -> callbacks.get() == 1);
    }

    @Test
    void aCommitAfterARound_waitsForAWindowOfItsOwn() throws Exception {
        Duration window = Duration.ofMillis(500);
        open(window);
        commitOneEvent();
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() == 1);
        assertThat(stream.hasNextAvailable()).isTrue();
        stream.nextAvailable();
        assertThat(stream.hasNextAvailable()).isFalse();

        commitOneEvent();

        assertThat(stream.hasNextAvailable()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() == 2);
        assertThat(stream.hasNextAvailable()).isTrue();
    }

    @Test
    void eventsOlderThanTheWindow_areReadAtOnce_andAYoungerOneBehindThemInTheSameRound() throws Exception {
        open(Duration.ofSeconds(30));
        eventStore.publish(new GenericEventMessage<>(IdentifierFactory.getInstance().generateIdentifier(), "old",
                Map.of(), Instant.now().minusSeconds(60)));
        eventStore.publish(GenericEventMessage.asEventMessage("young"));

        assertThat(stream.hasNextAvailable()).as("a replay, or a node catching up").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("old");
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("young");
    }

    @Test
    void withTethersStore_theProducerFetchesTheWindowsCommitsWhenTheProcessorsAreCalledBack() throws Exception {
        store = gatheredStore;
        Duration window = Duration.ofMillis(300);
        open(window);

        commitOneEvent();
        commitOneEvent();
        commitOneEvent();

        assertThat(stream.hasNextAvailable()).as("inside the window").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > 0);
        for (int event = 0; event < 3; event++) {
            assertThat(stream.hasNextAvailable()).as("fetched for the callback, a minute before the producer's own look")
                    .isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event");
        }
        assertThat(stream.hasNextAvailable()).isFalse();
    }

    @Test
    void withTethersStore_andNoWindow_aLocalCommitIsFetchedAtOnce() {
        store = gatheredStore;
        open(Duration.ZERO);

        commitOneEvent();

        await().atMost(Duration.ofSeconds(5)).until(stream::hasNextAvailable);
    }

    @Test
    void aLocalCommit_isAnnouncedByTheNextLook_andAnotherNodesAnnouncement_callsTheProcessorsBackAfterTheWindow() {
        open(Duration.ofMillis(20));
        assertThat(announcements.due()).isFalse();

        commitOneEvent();

        assertThat(announcements.due()).as("this node's next look announces the commit").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > 0);
        int afterTheCommit = callbacks.get();
        long told = System.nanoTime();
        firstCallback.set(0);

        source.otherNodesAppended();

        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > afterTheCommit);
        assertThat(Duration.ofNanos(firstCallback.get() - told)).as("the announcements of a window share one look")
                .isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aStreamFurtherBehindThanTheStoresCache_readsEveryEventInOrder_thenIsCalledBackForTheNextOne() throws Exception {
        // Two events cached: a processor five events behind reads the older ones from the storage engine itself, then
        // follows the cache again.
        store = smallCache;
        open(Duration.ZERO);
        for (int event = 0; event < 5; event++) {
            commitOneEvent("event " + event);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > 0);

        for (int event = 0; event < 5; event++) {
            assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event " + event);
        }
        int before = callbacks.get();
        commitOneEvent("event 5");
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() > before);
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 5");
    }

    @Test
    void theEventsTheCacheLetsGo_areUnlinked_andAStreamBehindThemStillReadsEveryEventInOrder() throws Exception {
        // Two events cached: a trimmed node must not keep the next alive (if the collector had promoted it, every
        // event after it would survive the young collections until a concurrent cycle).
        store = smallCache;
        open(Duration.ZERO);
        commitOneEvent("event 0");
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).as("read to the end: it follows the cache now").isFalse();
        commitOneEvent("event 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> smallCache.oldestNode() != null);
        Object first = smallCache.oldestNode();
        // A release starts from the oldest event it last saw: let it see this one before it is trimmed (the commits'
        // own callbacks may all come after the producer has trimmed past it).
        smallCache.releaseTrimmed();
        BlockingStream<TrackedEventMessage<?>> behind = smallCache.openStream(null);
        for (int event = 0; event < 2; event++) {
            assertThat(behind.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            assertThat(behind.nextAvailable().getPayload()).isEqualTo("event " + event);
        }
        assertThat(behind.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();

        for (int event = 2; event < 7; event++) {
            commitOneEvent("event " + event);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> smallCache.oldestNode() != first);
        // Released when the processors are next called back after the trim (Axon's own trimming leaves the link): the
        // callbacks of the commits above may all have come before the producer trimmed, so one more commit.
        commitOneEvent("event 7");
        await("the first cached event, trimmed, unlinked").atMost(Duration.ofSeconds(5))
                .until(() -> !GatheredFetchEventStore.linked(first));
        Object kept = smallCache.oldestNode();
        smallCache.releaseTrimmed();
        assertThat(smallCache.oldestNode()).as("a release leaves the cached events as they are").isSameAs(kept);
        assertThat(kept).isNotSameAs(first);

        // The stream that followed the cache and the one now behind it both read every event, in order.
        for (int event = 1; event < 8; event++) {
            assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).as("event %d", event).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event " + event);
        }
        for (int event = 2; event < 8; event++) {
            assertThat(behind.hasNextAvailable(5, TimeUnit.SECONDS)).as("event %d, behind", event).isTrue();
            assertThat(behind.nextAvailable().getPayload()).isEqualTo("event " + event);
        }
        commitOneEvent("event 8");
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 8");
        assertThat(behind.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(behind.nextAvailable().getPayload()).isEqualTo("event 8");
        behind.close();
    }

    @Test
    void theStoresCache_keeps1024EventsByDefault_andAtLeastOne() {
        EventStreamProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tether.event-stream", EventStreamProperties.class);
        assertThat(defaults.cachedEvents()).isEqualTo(1024);
        assertThatThrownBy(() -> new EventStreamProperties(Duration.ofSeconds(1), Duration.ZERO, 0))
                .hasMessageContaining("tether.event-stream.cached-events must be at least 1");
    }

    @Test
    void aGatheringWindowLongerThanThePollInterval_isRefused() {
        assertThatThrownBy(() -> new EventStreamProperties(Duration.ofMillis(50), Duration.ofMillis(51), 1024))
                .hasMessageContaining("tether.event-stream.gather-window must be between 0 and the poll interval (50ms)");
        assertThatThrownBy(() -> new EventStreamProperties(Duration.ofMillis(50), Duration.ofMillis(-1), 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EventStreamProperties(Duration.ofMillis(50), Duration.ofMillis(50), 1024).gatherWindow()).hasMillis(50);
    }

    private void open(Duration gatherWindow) {
        source = new WakingEventSource(store, new EventStreamProperties(NO_TICK, gatherWindow, 1024), announcements);
        source.afterSingletonsInstantiated();
        source.start();
        stream = source.openStream(null);
        stream.setOnAvailableCallback(() -> {
            firstCallback.compareAndSet(0, System.nanoTime());
            callbacks.incrementAndGet();
        });
    }

    private void commitOneEvent() {
        commitOneEvent("event");
    }

    private void commitOneEvent(String payload) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage(payload)));
    }
}
