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
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends credential reads to their streams, group-committed. The streams are spread over {@value #APPENDERS}
 * appenders (a stream always to the same one); while an appender's append is under way, the reads that arrive for
 * it wait <em>without a database connection</em>, then go together, whatever their streams, in its next append, made
 * by the first of them: one transaction and one commit for many reads. Reads of one account so never queue one
 * transaction behind another, and credential reads hold at most {@value #APPENDERS} connections for their records,
 * however many clients read.
 * <p>
 * The events are domain events of their streams, published on the event store like an aggregate's, so that the hash
 * chain, the chain heads and the processors' wake-up treat them as every other event. Another node appending to the
 * same stream at the same moment makes one of the two appends fail on the stream's sequence number; that one is made
 * again after the other.
 */
@Component
class CredentialReadLog {

    static final int APPENDERS = 4;
    private static final int ATTEMPTS = 5;

    /** Appenders with an append under way, and the reads that wait for their next one. */
    private final Map<Integer, List<Pending>> waiting = new HashMap<>();
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
        Pending mine = new Pending(streamId.toString(), streamType, payload, MetaData.from(metadata),
                IdentifierFactory.getInstance().generateIdentifier(), clock.instant(), new CompletableFuture<>());
        Integer appender = Math.floorMod(streamId.hashCode(), APPENDERS);
        List<Pending> batch;
        synchronized (waiting) {
            List<Pending> queue = waiting.get(appender);
            if (queue == null) {
                waiting.put(appender, new ArrayList<>());
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
            append(batch);
        } catch (RuntimeException e) {
            failure = e;
        }
        List<Pending> next;
        synchronized (waiting) {
            next = waiting.remove(appender);
            if (!next.isEmpty()) {
                waiting.put(appender, new ArrayList<>());
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

    private void append(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                unitOfWork.attachTransaction(transactions);
                ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                    Map<String, Long> sequences = nextSequencesOf(batch);
                    List<DomainEventMessage<?>> events = new ArrayList<>(batch.size());
                    for (Pending read : batch) {
                        long sequence = sequences.merge(read.streamId(), 1L, Long::sum) - 1;
                        events.add(new GenericDomainEventMessage<>(read.streamType(), read.streamId(), sequence,
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

    /** The next sequence number of each of the batch's streams: one after its chain head, 0 for a new stream. */
    private Map<String, Long> nextSequencesOf(List<Pending> batch) {
        String[] streams = batch.stream().map(Pending::streamId).distinct().toArray(String[]::new);
        Map<String, Long> next = new HashMap<>();
        for (String stream : streams) {
            next.put(stream, 0L);
        }
        jdbc.sql("SELECT aggregate_identifier, sequence_number + 1 FROM event_chain_heads WHERE aggregate_identifier = ANY (?)")
                .param(streams)
                .query((RowCallbackHandler) row -> next.put(row.getString(1), row.getLong(2)));
        return next;
    }

    private record Pending(String streamId, String streamType, Object payload, MetaData metadata, String eventId,
                           Instant at, CompletableFuture<List<Pending>> outcome) {
    }
}
