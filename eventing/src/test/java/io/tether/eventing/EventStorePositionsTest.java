package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A command's answer takes its position from its own append (no query after the commit), and that position is the
 * aggregate's latest event's, also while other sessions draw from the global index's sequence.
 */
class EventStorePositionsTest {

    private static EventStoreDatabase database;
    private static JdbcClient jdbc;
    private static EventStorePositions positions;
    private static EmbeddedEventStore eventStore;

    @BeforeAll
    static void eventStore() throws Exception {
        database = new EventStoreDatabase("positions");
        jdbc = database.jdbc;
        positions = new EventStorePositions(jdbc);
        eventStore = EmbeddedEventStore.builder().storageEngine(new PositionNotingStorageEngine(database.engine(), positions,
                PositionNotingStorageEngine.Looks.PLAIN)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        eventStore.shutDown();
        database.close();
    }

    @AfterEach
    void forget() {
        positions.forgetAppended();
    }

    @Test
    void afterAnAppend_theAggregatesPositionIsTheAppendsOwn_evenWhenAnotherSessionDrawsFromTheSequenceBeforeItsCommit() {
        UUID account = UUID.randomUUID();

        append(account, 2, () -> jdbc.sql("SELECT nextval('domain_event_entry_seq')").query(Long.class).single());

        assertThat(positions.latestOf(account)).isEqualTo(stored(account)).isPositive();
    }

    @Test
    void theNotedPosition_answersOnce_thenTheEventStoreAnswers() {
        UUID account = UUID.randomUUID();
        append(account, 1, () -> null);
        positions.latestOf(account);
        jdbc.sql("UPDATE domain_event_entry SET global_index = global_index + 1000 WHERE aggregate_identifier = ?")
                .param(account.toString()).update();

        assertThat(positions.latestOf(account)).isEqualTo(stored(account));
    }

    @Test
    void anotherAggregatesQuestion_orACommandDispatchedSince_isAnsweredByTheEventStore() {
        UUID appended = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        append(other, 1, () -> null);
        positions.forgetAppended();
        append(appended, 1, () -> null);

        assertThat(positions.latestOf(other)).isEqualTo(stored(other));

        append(appended, 1, () -> null);
        jdbc.sql("UPDATE domain_event_entry SET global_index = global_index + 1000 WHERE aggregate_identifier = ?")
                .param(appended.toString()).update();
        positions.forgetAppended();
        assertThat(positions.latestOf(appended)).isEqualTo(stored(appended));
    }

    @Test
    void anAppendWhoseAnswerNamesNoPosition_notesNone() {
        UUID account = UUID.randomUUID();
        database.attempt(() -> {
            positions.noneAsked();
            eventStore.publish(new GenericDomainEventMessage<>("Account", account.toString(), 0, "read"));
            return null;
        });
        jdbc.sql("UPDATE domain_event_entry SET global_index = global_index + 1000 WHERE aggregate_identifier = ?")
                .param(account.toString()).update();

        assertThat(positions.latestOf(account)).as("answered by the event store").isEqualTo(stored(account));
    }

    @Test
    void aRolledBackAppend_notesNothing() {
        UUID account = UUID.randomUUID();
        database.attempt(() -> {
            eventStore.publish(new GenericDomainEventMessage<>("Account", account.toString(), 0, "created"));
            throw new IllegalStateException("the command fails after its append");
        });

        assertThat(positions.latestOf(account)).isEqualTo(-1L);
    }

    /** Appends the events in a transaction; {@code beforeCommit} runs after the append, before the commit. */
    private static void append(UUID aggregate, int events, Supplier<?> beforeCommit) {
        long next = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate.toString()).query(Long.class).single();
        database.attempt(() -> {
            for (int i = 0; i < events; i++) {
                eventStore.publish(new GenericDomainEventMessage<>("Account", aggregate.toString(), next + i, "event " + i));
            }
            // Registered after the event store's own: runs once the events are appended.
            CurrentUnitOfWork.get().onPrepareCommit(u -> beforeCommit.get());
            return null;
        });
    }

    private static long stored(UUID aggregate) {
        return jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate.toString()).query(Long.class).single();
    }
}
