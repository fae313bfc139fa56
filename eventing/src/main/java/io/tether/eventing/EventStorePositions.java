package io.tether.eventing;

import java.util.Optional;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where an aggregate's latest event sits in the event store, for read-your-writes. A command's answer usually asks
 * right after the command committed, on the thread that handled it: the position that thread's append noted
 * ({@link PositionNotingStorageEngine}) answers then, without a query. It is kept for one question only, and forgotten
 * whenever the thread dispatches another command, so that a command retried on another thread (the conflict retries)
 * is answered from the event store, never from an older append of this thread.
 */
@Component
public class EventStorePositions {

    private static final ThreadLocal<Appended> APPENDED_BY_THIS_THREAD = new ThreadLocal<>();
    private static final String NONE_ASKED = EventStorePositions.class.getName() + ".noneAsked";

    private final JdbcClient jdbc;

    EventStorePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long latestOf(UUID aggregateId) {
        Appended appended = APPENDED_BY_THIS_THREAD.get();
        APPENDED_BY_THIS_THREAD.remove();
        if (appended != null && appended.aggregateId().equals(aggregateId.toString())) {
            return appended.position();
        }
        return lastOfStream("global_index", aggregateId.toString()).orElse(-1L);
    }

    /** The sequence number of the stream's last event in the store; none for a stream the store does not hold. */
    public Optional<Long> lastSequenceNumberOf(String aggregateIdentifier) {
        return lastOfStream("sequence_number", aggregateIdentifier);
    }

    /** A column of the stream's last event, by the (aggregate, sequence) index: one row, however long the history. */
    private Optional<Long> lastOfStream(String column, String aggregateIdentifier) {
        return jdbc.sql("SELECT " + column + " FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC LIMIT 1")
                .param(aggregateIdentifier)
                .query(Long.class)
                .optional();
    }

    /**
     * For an append in the current unit of work whose answer names no position (a credential read's record): the
     * storage engine reads none, a round trip fewer. Nothing outside a unit of work.
     */
    public void noneAsked() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().resources().put(NONE_ASKED, Boolean.TRUE);
        }
    }

    /** Whether the current unit of work's append is to note its position. */
    static boolean asked() {
        return CurrentUnitOfWork.isStarted() && !CurrentUnitOfWork.get().resources().containsKey(NONE_ASKED);
    }

    /** After a commit, on its thread: the position of the last event it appended, of that event's aggregate. */
    void appended(String aggregateId, long position) {
        APPENDED_BY_THIS_THREAD.set(new Appended(aggregateId, position));
    }

    /** When the thread dispatches a command: what it appended before is no answer for the command's aggregate. */
    void forgetAppended() {
        APPENDED_BY_THIS_THREAD.remove();
    }

    private record Appended(String aggregateId, long position) {
    }
}
