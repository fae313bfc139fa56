package io.tether.eventing;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * Axon's aggregate cache for an event-sourced aggregate, checked against the event store at every load: an
 * aggregate kept in memory is handed out only while the newest event of its stream in {@code domain_event_entry} is
 * the one it last applied. One indexed look-up then replaces reading the snapshot and the events and applying them.
 * Another node's append, a stream rewritten in the database, a restored backup: each leaves the kept aggregate behind
 * the store, and it is then dropped and loaded from the events, so a command never decides on a state that is not the
 * stream's. (Axon's own caching repository trusts what it kept, which is right only where every command of an
 * aggregate reaches the same node; nodes here share the event store, not a command router.)
 * <p>
 * The look-up runs in the command's transaction, under the aggregate's lock: what another node appends after it
 * still fails this command's append on the stream's sequence numbers, as without a cache, and the command is retried
 * on the stream's state ({@code tether.commands.retry}). Axon drops the aggregate when the command rolls back and keeps
 * it when the command commits. Aggregates not used for {@link #IDLE} are let go; beyond the size, the least recently
 * used. Least recently, not least often (Caffeine's policy): an account is usually created once and changed a moment
 * later, while many others are created, and a cache that admits only keys seen more often than the one it would evict
 * kept none of them.
 */
public final class CheckedAggregateCache implements Cache {

    /** How long an aggregate no command used stays: the commands of an account come close together, or rarely. */
    static final Duration IDLE = Duration.ofMinutes(5);

    private final EventStorePositions store;
    /** In the order of their last use, the least recent first; guarded by itself, as each entry's time of use. */
    private final Map<Object, Kept> entries;
    private final long idleNanos;
    /** {@link System#nanoTime}, but in tests that move time themselves. */
    private final LongSupplier clock;

    public CheckedAggregateCache(EventStorePositions store, int maximumSize) {
        this(store, maximumSize, IDLE, System::nanoTime);
    }

    CheckedAggregateCache(EventStorePositions store, int maximumSize, Duration idle, LongSupplier clock) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("An aggregate cache keeps at least one aggregate, not " + maximumSize);
        }
        this.store = store;
        this.idleNanos = idle.toNanos();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Kept> eldest) {
                return size() > maximumSize;
            }
        };
    }

    /** The kept aggregate if the store holds no event after the last one it applied; otherwise it is dropped. */
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        AggregateCacheEntry<?> entry = kept(key);
        if (entry == null) {
            return null;
        }
        if (Objects.equals(store.lastSequenceNumberOf(key.toString()).orElse(null), versionOf(entry))) {
            return (V) entry;
        }
        remove(key);
        return null;
    }

    @Override
    public void put(Object key, Object value) {
        AggregateCacheEntry<?> entry = entry(value);
        synchronized (entries) {
            long now = clock.getAsLong();
            letGoOfIdle(now);
            entries.put(key, new Kept(entry, now));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        AggregateCacheEntry<?> entry = entry(value);
        synchronized (entries) {
            long now = clock.getAsLong();
            letGoOfIdle(now);
            return entries.putIfAbsent(key, new Kept(entry, now)) == null;
        }
    }

    @Override
    public boolean remove(Object key) {
        synchronized (entries) {
            return entries.remove(key) != null;
        }
    }

    @Override
    public void removeAll() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** Whether an aggregate is kept; asking is not a use. */
    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            letGoOfIdle(clock.getAsLong());
            return entries.containsKey(key);
        }
    }

    /** The entry, if kept; the look-up is a use. */
    private AggregateCacheEntry<?> kept(Object key) {
        synchronized (entries) {
            long now = clock.getAsLong();
            letGoOfIdle(now);
            Kept kept = entries.get(key);
            if (kept == null) {
                return null;
            }
            kept.usedAt = now;
            return kept.entry;
        }
    }

    /**
     * Lets go of the aggregates not used for the idle time, under the map's lock. The map's order is that of the
     * entries' times of use (each use moves its entry last and stamps it under the lock), so they are its first ones.
     */
    private void letGoOfIdle(long now) {
        Iterator<Kept> leastRecentFirst = entries.values().iterator();
        while (leastRecentFirst.hasNext() && now - leastRecentFirst.next().usedAt > idleNanos) {
            leastRecentFirst.remove();
        }
    }

    /** How many aggregates are kept, the idle ones included until the cache's next use. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Axon's aggregate repositories register none; nothing else uses this cache. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("An aggregate cache takes no entry listeners");
    }

    /**
     * The sequence number of the last event the kept aggregate applied. An entry kept in memory holds the aggregate
     * itself, which {@code recreateAggregate} hands back as it is, without the arguments it needs to rebuild one from
     * a serialized entry (which this cache never holds).
     */
    private static Long versionOf(AggregateCacheEntry<?> entry) {
        return entry.recreateAggregate(null, null, null, null).version();
    }

    /** An aggregate kept, with the time of its last use (moved under the map's lock). */
    private static final class Kept {

        final AggregateCacheEntry<?> entry;
        long usedAt;

        Kept(AggregateCacheEntry<?> entry, long usedAt) {
            this.entry = entry;
            this.usedAt = usedAt;
        }
    }

    private static AggregateCacheEntry<?> entry(Object value) {
        if (value instanceof AggregateCacheEntry<?> entry) {
            return entry;
        }
        throw new IllegalArgumentException("An aggregate cache keeps Axon's aggregate entries, not " + value.getClass());
    }
}
