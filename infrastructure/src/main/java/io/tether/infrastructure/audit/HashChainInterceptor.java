package io.tether.infrastructure.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.api.AuditMetadata;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * in the transaction that appends it; the aggregate's chain head moves along in the same transaction.
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

    /**
     * Links the events in the order they come, then moves each aggregate's chain head to its last event in one
     * statement: one round trip for the whole append, however many events it holds. A stream's organization is its
     * first event's, recorded with the head that event creates and kept after.
     */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        List<EventMessage<?>> linked = new ArrayList<>(messages.size());
        Map<String, Head> heads = new LinkedHashMap<>();
        for (EventMessage<?> message : messages) {
            linked.add(message instanceof DomainEventMessage<?> event ? linked(event, heads) : message);
        }
        if (!heads.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash, organization_id)
                            SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::uuid[])
                            ON CONFLICT (aggregate_identifier) DO UPDATE
                            SET sequence_number = excluded.sequence_number, hash = excluded.hash""")
                    .params(heads.keySet().toArray(String[]::new),
                            heads.values().stream().map(Head::sequenceNumber).toArray(Long[]::new),
                            heads.values().stream().map(Head::hash).toArray(String[]::new),
                            heads.values().stream().map(head -> head.organization() == null ? null : head.organization().toString())
                                    .toArray(String[]::new))
                    .update();
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
        UUID organization = event.getSequenceNumber() == 0 ? organizationNamedBy(metadata)
                : Optional.ofNullable(heads.get(event.getAggregateIdentifier())).map(Head::organization).orElse(null);
        Head head = new Head(event.getSequenceNumber(), link, organization);
        heads.put(event.getAggregateIdentifier(), head);
        pendingHeads().ifPresent(pending -> pending.put(event.getAggregateIdentifier(), head));
        return event.andMetaData(Map.of(HashChain.METADATA_KEY, link));
    }

    /** The organization the metadata names, as the auditors' verification of an organization reads it; or null. */
    private static UUID organizationNamedBy(MetaData metadata) {
        Object named = metadata.get(AuditMetadata.ORGANIZATION_ID);
        try {
            return named == null ? null : UUID.fromString(named.toString());
        } catch (IllegalArgumentException notAnOrganization) {
            return null;
        }
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

    /** A chain head, with the stream's organization when the append that made it started the stream (else null). */
    private record Head(long sequenceNumber, String hash, UUID organization) {
    }
}
