package io.tether.command.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.eventing.EventStorePositions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends credential reads to their streams, group-committed. Reads wait in one queue <em>without a database
 * connection</em>; at most {@code tether.credential-reads.appenders} appends ({@link CredentialReadProperties}, 2 by
 * default) are under way at once, each made by the thread of its first
 * read, and each takes every waiting read whose stream no other append under way holds, whatever their streams: one
 * transaction and one commit for many reads, a stream's reads in the order they came. A read that finds an append
 * free goes at once; one that finds them all busy goes in the next append to start, as soon as one of them has
 * committed: a read waits for at most one commit before its own, and under load the appends grow rather than
 * multiply. Reads of one account so never queue one transaction behind another, and credential reads hold at most
 * that many connections for their records, however many clients read.
 * <p>
 * The events are domain events of their streams, published on the event store like an aggregate's, so that the hash
 * chain, the chain heads and the processors' wake-up treat them as every other event. The next sequence number of a
 * stream this node appended to is remembered (up to {@value #STREAMS_REMEMBERED} streams), so that an append reads
 * nothing before it writes. Another node appending to the same stream makes one of the two appends fail on the
 * stream's sequence number (or a remembered number gone stale); that one is made again, its streams' sequence numbers
 * read from their chain heads.
 */
@Component
class CredentialReadLog {

    static final int STREAMS_REMEMBERED = 10_000;
    private static final int ATTEMPTS = 5;

    /** Reads waiting for an append, in the order they came; with the two fields below, guarded by this queue. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** The streams of the appends under way. */
    private final Set<String> appendingStreams = new HashSet<>();
    private int appending;
    /** How many appends may be under way at once. */
    private final int appenders;
    /** By stream: the next sequence number, for the streams whose last append (on this node) committed. */
    private final Cache<String, Long> nextSequences = Caffeine.newBuilder().maximumSize(STREAMS_REMEMBERED).build();
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final EventStorePositions positions;
    private final JdbcClient jdbc;
    private final Clock clock;

    CredentialReadLog(EventStore eventStore, TransactionManager transactions, EventStorePositions positions,
                      JdbcClient jdbc, Clock clock, CredentialReadProperties properties) {
        this.appenders = properties.appenders();
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.positions = positions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the read in the stream; returns once it is committed, and throws what the append threw. */
    void record(UUID streamId, String streamType, Object payload, Map<String, ?> metadata) {
        Pending mine = new Pending(streamId.toString(), streamType, payload, MetaData.from(metadata),
                IdentifierFactory.getInstance().generateIdentifier(), clock.instant(), new CompletableFuture<>());
        List<Pending> batch = null;
        synchronized (waiting) {
            if (appending < appenders && !appendingStreams.contains(mine.streamId())) {
                appending++;
                appendingStreams.add(mine.streamId());
                batch = List.of(mine);
            } else {
                waiting.add(mine);
            }
        }
        if (batch == null) {
            batch = outcomeOf(mine);
            if (batch == null) {
                return;
            }
        }
        RuntimeException failure = null;
        try {
            append(batch);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<List<Pending>> next = new ArrayList<>(1);
        synchronized (waiting) {
            appending--;
            batch.forEach(read -> appendingStreams.remove(read.streamId()));
            while (appending < appenders) {
                List<Pending> taken = takeWaiting();
                if (taken.isEmpty()) {
                    break;
                }
                appending++;
                next.add(taken);
            }
        }
        for (Pending read : batch) {
            if (read != mine) {
                if (failure == null) {
                    read.outcome().complete(null);
                } else {
                    read.outcome().completeExceptionally(failure);
                }
            }
        }
        // The first read of each next append makes it, on its own thread.
        next.forEach(taken -> taken.get(0).outcome().complete(taken));
        if (failure != null) {
            throw failure;
        }
    }

    /** The waiting reads that no append under way holds the stream of, in order, their streams now held. */
    private List<Pending> takeWaiting() {
        List<Pending> taken = new ArrayList<>();
        Set<String> takenStreams = new HashSet<>();
        for (Iterator<Pending> reads = waiting.iterator(); reads.hasNext(); ) {
            Pending read = reads.next();
            if (takenStreams.contains(read.streamId()) || !appendingStreams.contains(read.streamId())) {
                taken.add(read);
                takenStreams.add(read.streamId());
                reads.remove();
            }
        }
        appendingStreams.addAll(takenStreams);
        return taken;
    }

    /** Null once the read is recorded; the batch to append when this read's thread is to make the next append. */
    private static List<Pending> outcomeOf(Pending read) {
        try {
            return read.outcome().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void append(List<Pending> batch) {
        Set<String> streams = new HashSet<>();
        batch.forEach(read -> streams.add(read.streamId()));
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> next = new HashMap<>();
            try {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                unitOfWork.attachTransaction(transactions);
                ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                    next.putAll(nextSequencesOf(streams));
                    List<DomainEventMessage<?>> events = new ArrayList<>(batch.size());
                    for (Pending read : batch) {
                        long sequence = next.merge(read.streamId(), 1L, Long::sum) - 1;
                        events.add(new GenericDomainEventMessage<>(read.streamType(), read.streamId(), sequence,
                                read.payload(), read.metadata(), read.eventId(), read.at()));
                    }
                    // A read's answer names no position in the event store.
                    positions.noneAsked();
                    eventStore.publish(events);
                    return null;
                });
                if (result.isExceptional()) {
                    throw result.exceptionResult() instanceof RuntimeException e ? e : new IllegalStateException(result.exceptionResult());
                }
                nextSequences.putAll(next);
                return;
            } catch (RuntimeException e) {
                nextSequences.invalidateAll(streams);
                // A sequence number taken meanwhile: Axon names it by the append's first event (a new stream's or not).
                boolean taken = e instanceof ConcurrencyException || e instanceof AggregateStreamCreationException;
                if (!taken || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The next sequence number of each stream: remembered from this node's last append to it, else one after its
     * chain head, 0 for a new stream.
     */
    private Map<String, Long> nextSequencesOf(Set<String> streams) {
        Map<String, Long> next = new HashMap<>(nextSequences.getAllPresent(streams));
        String[] unknown = streams.stream().filter(stream -> !next.containsKey(stream)).toArray(String[]::new);
        if (unknown.length == 0) {
            return next;
        }
        for (String stream : unknown) {
            next.put(stream, 0L);
        }
        jdbc.sql("SELECT aggregate_identifier, sequence_number + 1 FROM event_chain_heads WHERE aggregate_identifier = ANY (?)")
                .param(unknown)
                .query((RowCallbackHandler) row -> next.put(row.getString(1), row.getLong(2)));
        return next;
    }

    private record Pending(String streamId, String streamType, Object payload, MetaData metadata, String eventId,
                           Instant at, CompletableFuture<List<Pending>> outcome) {
    }

    /**
     * @param appenders how many appends of credential reads may be under way at once on a node, each one transaction
     *                  holding one database connection until it commits
     */
    @ConfigurationProperties("tether.credential-reads")
    record CredentialReadProperties(@DefaultValue("2") int appenders) {

        CredentialReadProperties {
            if (appenders < 1 || appenders > 8) {
                throw new IllegalArgumentException("tether.credential-reads.appenders must be between 1 and 8, not " + appenders);
            }
        }
    }
}
