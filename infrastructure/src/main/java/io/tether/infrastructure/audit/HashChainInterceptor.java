package io.tether.infrastructure.audit;

import io.tether.infrastructure.audit.HashChain.EventFacts;
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
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Links every event an aggregate publishes to the one before it, as the event is published and so
 * in the transaction that appends it; the aggregate's chain head moves along in the same transaction.
 */
@Component
class HashChainInterceptor implements MessageDispatchInterceptor<EventMessage<?>>, SmartInitializingSingleton {

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

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> message instanceof DomainEventMessage<?> event ? linked(event) : message;
    }

    private EventMessage<?> linked(DomainEventMessage<?> event) {
        MetaData metadata = event.getMetaData().withoutKeys(Set.of(HashChain.METADATA_KEY));
        String link = HashChain.link(previousLink(event), new EventFacts(
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                event.getIdentifier(),
                serializer.typeForClass(event.getPayloadType()).getName(),
                event.getTimestamp(),
                serializer.serialize(event.getPayload(), byte[].class).getData(),
                serializer.serialize(metadata, byte[].class).getData()));
        jdbc.sql("""
                        INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash) VALUES (?, ?, ?)
                        ON CONFLICT (aggregate_identifier) DO UPDATE
                        SET sequence_number = excluded.sequence_number, hash = excluded.hash""")
                .params(event.getAggregateIdentifier(), event.getSequenceNumber(), link)
                .update();
        return event.andMetaData(Map.of(HashChain.METADATA_KEY, link));
    }

    private String previousLink(DomainEventMessage<?> event) {
        if (event.getSequenceNumber() == 0) {
            return HashChain.GENESIS;
        }
        Optional<String> head = jdbc.sql("SELECT hash FROM event_chain_heads WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(event.getAggregateIdentifier(), event.getSequenceNumber() - 1)
                .query(String.class)
                .optional();
        return head.orElseGet(() -> jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(event.getAggregateIdentifier(), event.getSequenceNumber() - 1)
                .query((row, i) -> HashChain.storedLink(row.getBytes(1)))
                .optional()
                .orElse(HashChain.GENESIS));
    }
}
