package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kept aggregate is handed out again only while the event store holds nothing newer than what it applied: an
 * append it did not see (another node's), a stream gone from the database and a command rolled back each leave the
 * next command with the stream's state, never the kept one.
 */
class CheckedAggregateCacheTest {

    private static EventStoreDatabase database;
    private static EmbeddedEventStore eventStore;

    private CheckedAggregateCache cache;
    private EventSourcingRepository<Notes> repository;
    private String id;

    @BeforeAll
    static void eventStore() throws Exception {
        database = new EventStoreDatabase("aggregate-cache");
        eventStore = EmbeddedEventStore.builder().storageEngine(database.engine().build()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        eventStore.shutDown();
        database.close();
    }

    @BeforeEach
    void created() {
        created(new CheckedAggregateCache(new EventStorePositions(database.jdbc), 10));
    }

    private void created(CheckedAggregateCache kept) {
        cache = kept;
        repository = EventSourcingRepository.builder(Notes.class).eventStore(eventStore).cache(cache).build();
        id = UUID.randomUUID().toString();
        inUnitOfWork(() -> repository.newInstance(() -> new Notes(id)));
    }

    @Test
    void aKeptAggregate_isHandedOutAgain_whileTheStoreHoldsNothingNewer() {
        Notes first = load();
        inUnitOfWork(() -> {
            repository.load(id).execute(notes -> notes.note("connected"));
            return null;
        });

        assertThat(load()).isSameAs(first);
        assertThat(load().texts).containsExactly("created", "connected");
    }

    @Test
    void anAppendTheKeptAggregateDidNotSee_isApplied_fromTheStore() {
        Notes kept = load();
        inUnitOfWork(() -> {
            eventStore.publish(new GenericDomainEventMessage<>("Notes", id, 1, new Noted(id, "on another node")));
            return null;
        });

        Notes loaded = load();

        assertThat(loaded).isNotSameAs(kept);
        assertThat(loaded.texts).containsExactly("created", "on another node");
        assertThat(load()).as("kept again once loaded").isSameAs(loaded);
    }

    @Test
    void anAggregateWhoseStreamIsGone_isNotFound() {
        load();
        database.jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(id).update();

        assertThatThrownBy(this::load).isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void aCommandRolledBack_leavesNothingOfItsChange() {
        Notes kept = load();
        ResultMessage<Object> failed = attempt(() -> {
            repository.load(id).execute(notes -> notes.note("never stored"));
            throw new IllegalStateException("the command fails after its change");
        });

        assertThat(failed.isExceptional()).isTrue();
        assertThat(load()).isNotSameAs(kept);
        assertThat(load().texts).containsExactly("created");
    }

    @Test
    void anAggregateChangedAfterOthersWereCreated_isStillKept_whileTheyFitBesideIt() {
        Notes first = load();
        for (int i = 0; i < 9; i++) {
            String other = UUID.randomUUID().toString();
            inUnitOfWork(() -> repository.newInstance(() -> new Notes(other)));
        }

        assertThat(load()).isSameAs(first);
    }

    @Test
    void beyondItsSize_theLeastRecentlyUsedAggregate_isLetGo() {
        Notes first = load();
        for (int i = 0; i < 10; i++) {
            String other = UUID.randomUUID().toString();
            inUnitOfWork(() -> repository.newInstance(() -> new Notes(other)));
        }

        assertThat(load()).isNotSameAs(first);
        assertThat(load().texts).containsExactly("created");
    }

    @Test
    void askingWhetherAnAggregateIsKept_isNotAUse() {
        for (int i = 0; i < 9; i++) {
            createOther();
        }
        assertThat(cache.containsKey(id)).isTrue();

        createOther();

        assertThat(cache.containsKey(id)).as("still the least recently used").isFalse();
    }

    @Test
    void anAggregateNotUsedForTheIdleTime_isLetGo() {
        AtomicLong nanos = new AtomicLong();
        created(new CheckedAggregateCache(new EventStorePositions(database.jdbc), 10, Duration.ofSeconds(1), nanos::get));
        Notes first = load();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThat(load()).isNotSameAs(first);
    }

    @Test
    void anAggregateNotUsedForTheIdleTime_isLetGo_atTheCachesNextUse_thoughNoCommandAsksForIt() {
        AtomicLong nanos = new AtomicLong();
        created(new CheckedAggregateCache(new EventStorePositions(database.jdbc), 10, Duration.ofSeconds(1), nanos::get));
        assertThat(cache.containsKey(id)).as("kept once created").isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        createOther();

        assertThat(cache.size()).as("only the other kept").isEqualTo(1);
    }

    @Test
    void aCacheThatKeepsNothing_isRefused() {
        assertThatThrownBy(() -> new CheckedAggregateCache(new EventStorePositions(database.jdbc), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void createOther() {
        String other = UUID.randomUUID().toString();
        inUnitOfWork(() -> repository.newInstance(() -> new Notes(other)));
    }

    private Notes load() {
        return inUnitOfWork(() -> repository.load(id).invoke(notes -> notes));
    }

    private static <R> R inUnitOfWork(Callable<R> work) {
        return database.inUnitOfWork(work);
    }

    private static <R> ResultMessage<R> attempt(Callable<R> work) {
        return database.attempt(work);
    }

    record Noted(String id, String text) {
    }

    static class Notes {

        @AggregateIdentifier
        private String id;
        private final List<String> texts = new ArrayList<>();

        Notes() {
        }

        Notes(String id) {
            AggregateLifecycle.apply(new Noted(id, "created"));
        }

        void note(String text) {
            AggregateLifecycle.apply(new Noted(id, text));
        }

        @EventSourcingHandler
        void on(Noted noted) {
            id = noted.id();
            texts.add(noted.text());
        }
    }
}
