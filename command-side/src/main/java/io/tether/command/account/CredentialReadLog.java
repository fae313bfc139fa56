package io.tether.command.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends credential reads to their stream, group-committed: while one append to a stream is under way, the reads
 * that arrive for the same stream wait for it <em>without a database connection</em>, then go together in the next
 * append, made by the first of them. Reads of one account so never queue one transaction behind another, and a
 * stream's appends use at most one connection at a time, however many clients read it.
 * <p>
 * The events are domain events of the stream, published on the event store like an aggregate's, so that the hash
 * chain, the chain head and the processors' wake-up treat them as they treat every other event. Another node
 * appending to the same stream at the same moment makes one of the two appends fail on the stream's sequence
 * number; that one is made again after the other.
 */
@Component
class CredentialReadLog {

    private static final int ATTEMPTS = 5;

    /** Streams with an append under way, and the reads that wait for the next one. */
    private final Map<UUID, List<Pending>> waiting = new HashMap<>();
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final JdbcClient jdbc;
    private final Clock clock;

    CredentialReadLog(EventStore eventStore, TransactionManager transactions, JdbcClient jdbc, Clock clock) {
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the read in the stream; returns once it is committed, and throws what the append threw. */
    void record(UUID streamId, String streamType, Object payload, Map<String, ?> metadata) {
        Pending mine = new Pending(payload, MetaData.from(metadata), IdentifierFactory.getInstance().generateIdentifier(),
                clock.instant(), new CompletableFuture<>());
        List<Pending> batch;
        synchronized (waiting) {
            List<Pending> queue = waiting.get(streamId);
            if (queue == null) {
                waiting.put(streamId, new ArrayList<>());
                batch = List.of(mine);
            } else {
                queue.add(mine);
                batch = null;
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
            append(streamId, streamType, batch);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Pending> next;
        synchronized (waiting) {
            next = waiting.remove(streamId);
            if (!next.isEmpty()) {
                waiting.put(streamId, new ArrayList<>());
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
        if (!next.isEmpty()) {
            next.get(0).outcome().complete(next);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Null once the read is recorded; the batch to append when this read's thread is to make the next append. */
    private static List<Pending> outcomeOf(Pending read) {
        try {
            return read.outcome().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void append(UUID streamId, String streamType, List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                unitOfWork.attachTransaction(transactions);
                ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                    long sequence = nextSequenceOf(streamId);
                    List<DomainEventMessage<?>> events = new ArrayList<>(batch.size());
                    for (Pending read : batch) {
                        events.add(new GenericDomainEventMessage<>(streamType, streamId.toString(), sequence++,
                                read.payload(), read.metadata(), read.eventId(), read.at()));
                    }
                    eventStore.publish(events);
                    return null;
                });
                if (result.isExceptional()) {
                    throw result.exceptionResult() instanceof RuntimeException e ? e : new IllegalStateException(result.exceptionResult());
                }
                return;
            } catch (ConcurrencyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private long nextSequenceOf(UUID streamId) {
        return jdbc.sql("SELECT sequence_number + 1 FROM event_chain_heads WHERE aggregate_identifier = ?")
                .param(streamId.toString())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    private record Pending(Object payload, MetaData metadata, String eventId, Instant at,
                           CompletableFuture<List<Pending>> outcome) {
    }
}
