package io.tether.eventing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, but for when its producer looks for new events after a local commit. Axon's wakes it
 * after every commit, and each wake is two or three queries of their own (the events, then an empty look, then the
 * lowest index past the gap): under load, more transactions than the commands themselves. Here the producer is woken
 * by {@link WakingEventSource} when it calls the processors back, once per gathering window however many commits
 * the window held (at once without a window), and on its own every poll interval as before.
 * <p>
 * It also unlinks the events its cache has let go of ({@link #releaseTrimmed}).
 */
final class GatheredFetchEventStore extends EmbeddedEventStore {

    private static final VarHandle OLDEST;
    private static final VarHandle NEXT;
    private static final VarHandle INDEX;

    static {
        try {
            Class<?> nodeClass = Class.forName(EmbeddedEventStore.class.getName() + "$Node");
            MethodHandles.Lookup store = MethodHandles.privateLookupIn(EmbeddedEventStore.class, MethodHandles.lookup());
            MethodHandles.Lookup node = MethodHandles.privateLookupIn(nodeClass, MethodHandles.lookup());
            OLDEST = store.findVarHandle(EmbeddedEventStore.class, "oldest", nodeClass);
            NEXT = node.findVarHandle(nodeClass, "next", nodeClass);
            INDEX = node.findVarHandle(nodeClass, "index", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The oldest cached event when {@link #releaseTrimmed} last ran: where the next run starts to unlink. */
    private Object unlinkedUpTo;

    GatheredFetchEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** Not after each commit: {@link WakingEventSource} asks, through {@link #fetchNow}. */
    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
    }

    /** Wakes the producer to look for new events now, if it is waiting, and tells Tether's storage engine it was asked. */
    void fetchNow() {
        if (storageEngine() instanceof PositionNotingStorageEngine engine) {
            engine.fetchAsked();
        }
        super.afterCommit(List.of());
    }

    /**
     * Cuts each event the cache has let go of from the next one. Axon's cache is a linked list, and a trimmed node
     * keeps pointing at its successor. A trimmed node the collector had already promoted (any node that stayed in the
     * cache through a quiet moment) is garbage the young collections do not look at, so it keeps its successor alive
     * through every young collection, and that one its own: every event since, with its payload, copied from survivor
     * space to survivor space and promoted, until a concurrent cycle finds the first one dead (about 3.5 MiB more to
     * copy per young collection at half of the credential-read peak, and pauses of 20–29 ms on average instead of 8–14;
     * docs/benchmarks.md, twenty-fourth session). Only nodes older than the cache's oldest are touched, which neither
     * the producer nor a consumer following the cache walks: a consumer whose last event was trimmed is behind the
     * cache and reads the storage engine itself (at worst it first finds no next event once, and looks again).
     * {@link WakingEventSource} calls it before each callback of the processors, which may come before the producer
     * has fetched and trimmed: a node trimmed after it is unlinked at the next, a poll interval later at most.
     */
    synchronized void releaseTrimmed() {
        Object oldest = OLDEST.getVolatile(this);
        if (oldest == null) {
            return;
        }
        long oldestIndex = (long) INDEX.get(oldest);
        Object node = unlinkedUpTo;
        while (node != null && (long) INDEX.get(node) < oldestIndex) {
            Object next = NEXT.getVolatile(node);
            NEXT.setVolatile(node, null);
            node = next;
        }
        unlinkedUpTo = oldest;
    }

    /** The oldest event the cache holds, as Axon's node (for tests). */
    Object oldestNode() {
        return OLDEST.getVolatile(this);
    }

    /** Whether one of Axon's nodes still points at a next one (for tests). */
    static boolean linked(Object node) {
        return NEXT.getVolatile(node) != null;
    }
}
