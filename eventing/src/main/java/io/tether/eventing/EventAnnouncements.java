package io.tether.eventing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.axonframework.eventhandling.TrackedEventData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a node tells the others that it appended events: a PostgreSQL notification on {@link #CHANNEL}, carrying the
 * node's id, which {@link EventNotifications} receives on every other node. It is sent by this node's first look for
 * new events after a local commit (the store's producer looks once per gathering window anyway): that look runs in a
 * transaction with {@code pg_notify}, still one commit, and it starts after the commits it announces, so a node told
 * of it finds their events. Not sent by the appending transactions themselves: PostgreSQL holds one lock for the
 * whole cluster from a notifying transaction's commit until its commit record is on disk, so notifying commands and
 * credential reads would wait for each other's disk writes one by one, where they now share them.
 */
@Component
class EventAnnouncements {

    static final String CHANNEL = "tether_events";

    private final String node = UUID.randomUUID().toString();
    private final AtomicBoolean due = new AtomicBoolean();
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;

    EventAnnouncements(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
        this.transactions = new TransactionTemplate(transactions);
        this.jdbc = jdbc;
    }

    /** This node's id, in its notifications: a node ignores its own. */
    String node() {
        return node;
    }

    /** After a local commit that appended events ({@link WakingEventSource}): the next look announces them. */
    void localCommit() {
        due.set(true);
    }

    boolean due() {
        return due.get();
    }

    /** A look for new events; the first after a local commit announces it, in the look's own transaction. */
    List<? extends TrackedEventData<?>> look(Supplier<List<? extends TrackedEventData<?>>> look) {
        if (!due.getAndSet(false)) {
            return look.get();
        }
        try {
            return transactions.execute(status -> {
                jdbc.query("SELECT pg_notify(?, ?)", result -> null, CHANNEL, node);
                return look.get();
            });
        } catch (RuntimeException e) {
            due.set(true);
            throw e;
        }
    }
}
