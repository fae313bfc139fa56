package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.audit.HashChain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The storage engine's append, as Tether builds it: each event's row and its stream's chain head in one statement, an
 * append's statements one JDBC batch. The head ends at the append's last event of the stream, with the organization its
 * first event named; a lost race for a sequence number is still Axon's concurrency failure, and moves no head.
 */
class ChainedAppendsTest {

    private static EventStoreDatabase database;
    private static JdbcClient jdbc;
    private static EmbeddedEventStore eventStore;

    @BeforeAll
    static void eventStore() throws Exception {
        database = new EventStoreDatabase("chained-appends");
        jdbc = database.jdbc;
        eventStore = EmbeddedEventStore.builder().storageEngine(new PositionNotingStorageEngine(database.engine()
                .persistenceExceptionResolver(new EventStoreConfiguration().persistenceExceptionResolver()),
                new EventStorePositions(jdbc), PositionNotingStorageEngine.Looks.PLAIN)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        eventStore.shutDown();
        database.close();
    }

    @Test
    void anAppend_storesEachEvent_andMovesEachStreamsHeadToItsLastEvent_withTheOrganizationItsFirstEventNamed() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        UUID organization = UUID.randomUUID();

        append(linked(first, 0, "a0", organization), linked(first, 1, "a1", null), linked(second, 0, "b0", null),
                linked(first, 2, "a2", UUID.randomUUID()));

        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)")
                .params(first, second).query(Long.class).single()).isEqualTo(4L);
        assertThat(heads()).containsEntry(first, new Head(2, hash("a2"), organization))
                .containsEntry(second, new Head(0, hash("b0"), null));

        append(linked(first, 3, "a3", UUID.randomUUID()));

        assertThat(heads()).as("a later append keeps the organization").containsEntry(first, new Head(3, hash("a3"), organization));
    }

    @Test
    void aSequenceNumberTakenMeanwhile_failsAsAConcurrencyConflict_andMovesNoHead() {
        String stream = UUID.randomUUID().toString();
        append(linked(stream, 0, "s0", null));

        ResultMessage<?> lost = tryAppend(linked(stream, 1, "s1", null), linked(stream, 0, "another s0", null));

        assertThat(lost.isExceptional()).isTrue();
        assertThatThrownBy(() -> { throw lost.exceptionResult(); }).isInstanceOf(ConcurrencyException.class);
        assertThat(heads()).containsEntry(stream, new Head(0, hash("s0"), null));
    }

    @Test
    void anEventWithoutALink_isStored_andMovesNoHead() {
        String stream = UUID.randomUUID().toString();

        append(new GenericDomainEventMessage<>("Account", stream, 0, "unlinked"));

        assertThat(heads()).doesNotContainKey(stream);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(stream)
                .query(Long.class).single()).isEqualTo(1L);
    }

    /** An event as Tether's hash chain hands it to the store: its link in its metadata. */
    private static DomainEventMessage<String> linked(String stream, long sequence, String link, UUID organization) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(HashChain.METADATA_KEY, hash(link));
        if (organization != null) {
            metadata.put(AuditMetadata.ORGANIZATION_ID, organization.toString());
        }
        return new GenericDomainEventMessage<>("Account", stream, sequence, "event " + sequence, MetaData.from(metadata));
    }

    private static String hash(String link) {
        return String.format("%64s", link).replace(' ', '0');
    }

    private static void append(DomainEventMessage<?>... events) {
        ResultMessage<?> result = tryAppend(events);
        assertThat(result.isExceptional()).as("the append failed: %s", result.isExceptional() ? result.exceptionResult() : null).isFalse();
    }

    private static ResultMessage<?> tryAppend(DomainEventMessage<?>... events) {
        return database.attempt(() -> {
            eventStore.publish(List.of(events));
            return null;
        });
    }

    private static Map<String, Head> heads() {
        Map<String, Head> heads = new HashMap<>();
        jdbc.sql("SELECT aggregate_identifier, sequence_number, hash, organization_id FROM event_chain_heads")
                .query((RowCallbackHandler) row -> heads.put(row.getString(1),
                        new Head(row.getLong(2), row.getString(3), row.getObject(4, UUID.class))));
        return heads;
    }

    private record Head(long sequenceNumber, String hash, UUID organization) {
    }
}
