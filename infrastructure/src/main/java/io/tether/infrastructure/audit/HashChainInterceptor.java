package io.tether.infrastructure.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Links every event an aggregate publishes to the one before it, as the event is published and so
 * in the transaction that appends it; the aggregate's chain head moves along in the statement that appends the event
 * (the eventing module's {@code ChainedAppends}).
 * <p>
 * The link before an event is looked up in the database only when this node does not know it: the
 * heads this node committed are remembered (up to {@value #HEADS_REMEMBERED} aggregates), and so are
 * the heads of the transaction under way. A remembered head is used only for the sequence number it
 * was committed at, the one before the new event's; when another node appended since, the new event's
 * sequence number is further on and the head is read from the database as before.
 */
@Component
class HashChainInterceptor implements MessageDispatchInterceptor<EventMessage<?>>, SmartInitializingSingleton {

    static final int HEADS_REMEMBERED = 10_000;
    private static final String PENDING_HEADS = HashChainInterceptor.class.getName() + ".pendingHeads";

    private final Cache<String, Head> committedHeads = Caffeine.newBuilder().maximumSize(HEADS_REMEMBERED).build();
    private final EventStore eventStore;
    private final Serializer serializer;
    private final JdbcClient jdbc;

    HashChainInterceptor(EventStore eventStore, Serializer serializer, JdbcClient jdbc) {
        this.eventStore = eventStore;
        this.serializer = serializer;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        eventStore.registerDispatchInterceptor(this);
    }

    /** Links the events in the order they come; the storage engine's append moves their heads. */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        List<EventMessage<?>> linked = new ArrayList<>(messages.size());
        Map<String, Head> heads = new HashMap<>();
        for (EventMessage<?> message : messages) {
            linked.add(message instanceof DomainEventMessage<?> event ? linked(event, heads) : message);
        }
        return (index, message) -> linked.get(index);
    }

    /** The event with its link; its aggregate's head (in {@code heads} and the transaction's) moved to it. */
    private EventMessage<?> linked(DomainEventMessage<?> event, Map<String, Head> heads) {
        MetaData metadata = event.getMetaData().withoutKeys(Set.of(HashChain.METADATA_KEY));
        String link = HashChain.link(previousLink(event, heads), new EventFacts(
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                event.getIdentifier(),
                serializer.typeForClass(event.getPayloadType()).getName(),
                event.getTimestamp(),
                serializer.serialize(event.getPayload(), byte[].class).getData(),
                serializer.serialize(metadata, byte[].class).getData()));
        Head head = new Head(event.getSequenceNumber(), link);
        heads.put(event.getAggregateIdentifier(), head);
        pendingHeads().ifPresent(pending -> pending.put(event.getAggregateIdentifier(), head));
        return event.andMetaData(Map.of(HashChain.METADATA_KEY, link));
    }

    private String previousLink(DomainEventMessage<?> event, Map<String, Head> heads) {
        if (event.getSequenceNumber() == 0) {
            return HashChain.GENESIS;
        }
        String aggregate = event.getAggregateIdentifier();
        long previous = event.getSequenceNumber() - 1;
        Optional<String> known = Optional.ofNullable(heads.get(aggregate))
                .or(() -> pendingHeads().map(pending -> pending.get(aggregate)))
                .or(() -> Optional.ofNullable(committedHeads.getIfPresent(aggregate)))
                .filter(head -> head.sequenceNumber() == previous)
                .map(Head::hash);
        return known.orElseGet(() -> storedLink(aggregate, previous));
    }

    private String storedLink(String aggregate, long sequenceNumber) {
        Optional<String> head = jdbc.sql("SELECT hash FROM event_chain_heads WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(aggregate, sequenceNumber)
                .query(String.class)
                .optional();
        return head.orElseGet(() -> jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(aggregate, sequenceNumber)
                .query((row, i) -> HashChain.storedLink(row.getBytes(1)))
                .optional()
                .orElse(HashChain.GENESIS));
    }

    /**
     * The heads linked in the transaction under way, remembered for this node once it commits; none
     * outside a unit of work, where every head is read from the database.
     */
    private Optional<Map<String, Head>> pendingHeads() {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        UnitOfWork<?> transaction = CurrentUnitOfWork.get().root();
        return Optional.of(transaction.getOrComputeResource(PENDING_HEADS, key -> {
            Map<String, Head> heads = new HashMap<>();
            transaction.afterCommit(committed -> committedHeads.putAll(heads));
            return heads;
        }));
    }

    /** A chain head: the sequence number of the stream's last event and its link. */
    private record Head(long sequenceNumber, String hash) {
    }
}
