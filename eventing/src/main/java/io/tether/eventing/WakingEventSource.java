package io.tether.eventing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The event store as the pooled streaming processors see it, plus what Axon's embedded event store
 * lacks: a callback when new events may be there. Without one, a caught-up pooled processor looks for
 * new events only every 500 ms, and that was nearly all of the projection lag (a read model trailed
 * every command by ~450 ms, and a read-your-writes request waited as long).
 *
 * <p>The callback fires after a transaction that appended events on this node commits (at once, or
 * with a gathering window once its events are the window old, below), when another node announces
 * that it appended events ({@link EventNotifications}, after a gathering window too, so that the
 * announcements of a window share one look), and every poll interval besides, a safety net for an
 * announcement lost while the listening connection was down: the embedded store's producer fetches on
 * the same interval (see {@link EventStoreConfiguration}), so a processor asked to look finds the
 * events in memory. A processor that finds nothing new costs a look at that memory, nothing more. A
 * local commit also has this node's next look announce its events to the other nodes
 * ({@link EventAnnouncements}). The producer is woken
 * for the local commits right before the callback that follows them ({@link GatheredFetchEventStore}):
 * one fetch per window, not one per commit; a processor that finds nothing yet waits a moment for it.
 *
 * <p>With a gathering window ({@code tether.event-stream.gather-window}) a processor that has caught
 * up waits until the oldest new event is the window old, then reads everything there is and goes on
 * reading until it has caught up again; a local commit asks for the processors to be called back when
 * its events come of age. So the commits of a window share one batch: one transaction and one token
 * update per segment of each read model, where without a window every commit at a moderate rate is a
 * batch of its own for every read model. The window adds at most its length to the projection lag; a
 * processor behind the head (a replay, a node catching up) reads events older than the window and is
 * never held by it.
 */
@Component
class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>,
        MessageDispatchInterceptor<EventMessage<?>>, SmartInitializingSingleton, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WakingEventSource.class);

    /** How long after a local commit a processor that finds nothing waits for the store's producer to fetch it. */
    private static final int PRODUCER_WAIT_MILLIS = 10;
    private static final long COMMIT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long NO_CALL = Long.MIN_VALUE;

    private final EventStore eventStore;
    private final EventAnnouncements announcements;
    private final Duration pollInterval;
    private final long gatherNanos;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    /** Wakes the store's producer ({@link GatheredFetchEventStore}); nothing for another store, whose producer wakes itself. */
    private final Runnable producerFetch;
    /** Unlinks the events the store's cache has let go of ({@link GatheredFetchEventStore#releaseTrimmed}); nothing for another store. */
    private final Runnable releaseTrimmed;
    private volatile long lastFetchAsked = System.nanoTime() - COMMIT_WINDOW_NANOS;
    private volatile Thread waker;
    private volatile long lastLocalCommit = System.nanoTime() - COMMIT_WINDOW_NANOS;
    /** When the processors are next to be called back ({@link System#nanoTime()}), or {@link #NO_CALL}. */
    private final AtomicLong nextCall = new AtomicLong(NO_CALL);

    WakingEventSource(EventStore eventStore, EventStreamProperties properties, EventAnnouncements announcements) {
        this.eventStore = eventStore;
        this.announcements = announcements;
        this.producerFetch = eventStore instanceof GatheredFetchEventStore gathered ? gathered::fetchNow : () -> { };
        this.releaseTrimmed = eventStore instanceof GatheredFetchEventStore gathered ? gathered::releaseTrimmed : () -> { };
        this.pollInterval = properties.pollInterval();
        this.gatherNanos = properties.gatherWindow().toNanos();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new WakingStream(eventStore.openStream(trackingToken), null);
    }

    /** The same source for one processor, whose coordinator the pacing keeps from running too far ahead. */
    StreamableMessageSource<TrackedEventMessage<?>> pacedBy(CoordinatorPacing pacing) {
        WakingEventSource source = this;
        return new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
                return new WakingStream(eventStore.openStream(trackingToken), pacing);
            }

            @Override
            public TrackingToken createTailToken() {
                return source.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return source.createHeadToken();
            }

            @Override
            public TrackingToken createTokenAt(Instant dateTime) {
                return source.createTokenAt(dateTime);
            }

            @Override
            public TrackingToken createTokenSince(Duration duration) {
                return source.createTokenSince(duration);
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

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    @Override
    public void afterSingletonsInstantiated() {
        eventStore.registerDispatchInterceptor(this);
    }

    /** Events published on this node: wake the processors once the transaction that appends them commits. */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> wake());
        } else {
            wake();
        }
        return (index, message) -> message;
    }

    private void wake() {
        long now = System.nanoTime();
        lastLocalCommit = now;
        announcements.localCommit();
        callBackAt(now + gatherNanos);
    }

    /** Another node announced events, or this node may have missed an announcement: a look once the window is past. */
    void otherNodesAppended() {
        callBackAt(System.nanoTime() + gatherNanos);
    }

    /**
     * Asks for the processors to be called back at {@code when} ({@link System#nanoTime()}), unless a
     * call is due earlier: every call reaches every processor, and one that still waits asks again.
     */
    private void callBackAt(long when) {
        long due;
        do {
            due = nextCall.get();
            if (due != NO_CALL && due - when <= 0) {
                return;
            }
        } while (!nextCall.compareAndSet(due, when));
        Thread thread = waker;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Calls the processors back when a call falls due, and on every tick of the poll interval. */
    private void run() {
        long nextTick = System.nanoTime() + pollInterval.toNanos();
        while (waker == Thread.currentThread()) {
            long due = nextCall.get();
            LockSupport.parkNanos((due != NO_CALL && due - nextTick < 0 ? due : nextTick) - System.nanoTime());
            long now = System.nanoTime();
            due = nextCall.get();
            boolean called = due != NO_CALL && now - due >= 0 && nextCall.compareAndSet(due, NO_CALL);
            boolean ticked = now - nextTick >= 0;
            if (ticked) {
                nextTick = now + pollInterval.toNanos();
            }
            if (called) {
                // The commits' events are fetched once for the whole window, right before the processors look.
                lastFetchAsked = System.nanoTime();
                producerFetch.run();
            }
            if (called || ticked) {
                call(releaseTrimmed);
                callbacks.forEach(WakingEventSource::call);
            }
        }
    }

    private static void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("An event processor's availability callback failed", e);
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "event-availability");
        thread.setDaemon(true);
        waker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = waker;
        waker = null;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return waker != null;
    }

    /**
     * A stream of the event store that tells its processor when to look again, and, when paced, holds
     * the processor's coordinator back while it is far enough ahead of the processor's segments.
     */
    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final CoordinatorPacing pacing;
        private volatile Runnable callback;
        private long handedOut = -1;
        private boolean reading;

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate, CoordinatorPacing pacing) {
            this.delegate = delegate;
            this.pacing = pacing;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        /**
         * Right after a local commit, the store's producer may not have fetched the new events yet:
         * without a gathering window the processor then waits a moment for them rather than until the
         * next tick (with one, it is called back when they come of age).
         */
        @Override
        public boolean hasNextAvailable() {
            if (pacing != null && pacing.holdsBack(handedOut)) {
                return false;
            }
            if (gatherNanos > 0) {
                return gathered();
            }
            if (delegate.hasNextAvailable()) {
                return true;
            }
            if (System.nanoTime() - lastLocalCommit > COMMIT_WINDOW_NANOS) {
                return false;
            }
            try {
                return delegate.hasNextAvailable(PRODUCER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /**
         * With a gathering window: a round of reading starts once the oldest event not yet read is the
         * window old (or from another node's clock, ahead of this one), and goes on until the stream runs
         * dry; until then the processor is called back when that event comes of age.
         */
        private boolean gathered() {
            Optional<TrackedEventMessage<?>> next = delegate.peek();
            if (next.isEmpty() && System.nanoTime() - lastFetchAsked < COMMIT_WINDOW_NANOS) {
                next = fetched();
            }
            if (next.isEmpty()) {
                reading = false;
                return false;
            }
            if (!reading) {
                long ageNanos = Duration.between(next.get().getTimestamp(), Instant.now()).toNanos();
                if (ageNanos >= 0 && ageNanos < gatherNanos) {
                    callBackAt(System.nanoTime() + gatherNanos - ageNanos);
                    return false;
                }
                reading = true;
            }
            return true;
        }

        /** The producer was just asked to fetch: a moment's wait for what it brings. */
        private Optional<TrackedEventMessage<?>> fetched() {
            try {
                return delegate.hasNextAvailable(PRODUCER_WAIT_MILLIS, TimeUnit.MILLISECONDS) ? delegate.peek() : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> event = delegate.nextAvailable();
            OptionalLong position = event.trackingToken().position();
            if (position.isPresent()) {
                handedOut = position.getAsLong();
            }
            return event;
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            if (pacing != null) {
                pacing.callBack(callback);
            }
            return true;
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }
}
