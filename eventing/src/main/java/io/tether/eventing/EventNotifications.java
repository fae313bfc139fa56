package io.tether.eventing;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on one connection of its own (outside the pool) for other nodes' announcements ({@link EventAnnouncements})
 * and has this node's processors look for new events when one comes ({@link WakingEventSource}). Waiting for a
 * notification sends nothing to the database: an idle node costs no transaction here. A lost connection (a restart
 * of PostgreSQL, a terminated backend) is opened again after {@link #RECONNECT_DELAY}, and the node looks once
 * listening again, for what it was not told meanwhile; the event stream's safety poll
 * ({@code tether.event-stream.poll-interval}) covers any other gap.
 */
@Component
class EventNotifications implements SmartLifecycle {

    /** How the listening connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "tether-event-notifications";
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    /** How long one wait for notifications lasts, so that a stop is noticed. */
    private static final int WAIT_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);

    private final DataSource dataSource;
    private final EventAnnouncements announcements;
    private final WakingEventSource events;
    private volatile Thread listener;

    EventNotifications(DataSource dataSource, EventAnnouncements announcements, WakingEventSource events) {
        this.dataSource = dataSource;
        this.announcements = announcements;
        this.events = events;
    }

    private void listen() {
        boolean warned = false;
        while (listener == Thread.currentThread()) {
            try (Connection connection = connection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + EventAnnouncements.CHANNEL);
                }
                if (warned) {
                    log.info("Listening for other nodes' events again");
                    warned = false;
                }
                events.otherNodesAppended();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (listener == Thread.currentThread()) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null && fromOtherNodes(received)) {
                        events.otherNodesAppended();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listener != Thread.currentThread()) {
                    return;
                }
                if (!warned) {
                    log.warn("Not listening for other nodes' events (they are seen within the safety poll); "
                            + "trying again every {}", RECONNECT_DELAY, e);
                    warned = true;
                }
                LockSupport.parkNanos(RECONNECT_DELAY.toNanos());
            }
        }
    }

    private boolean fromOtherNodes(PGNotification[] received) {
        for (PGNotification notification : received) {
            if (!announcements.node().equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** A connection of its own to the pool's database, as the pool's user: it is held for as long as the node runs. */
    private Connection connection() throws SQLException {
        if (dataSource instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            Properties properties = new Properties();
            properties.putAll(pool.getDataSourceProperties());
            if (pool.getUsername() != null) {
                properties.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                properties.setProperty("password", pool.getPassword());
            }
            properties.setProperty("ApplicationName", APPLICATION_NAME);
            properties.setProperty("tcpKeepAlive", "true");
            return DriverManager.getConnection(pool.getJdbcUrl(), properties);
        }
        return dataSource.getConnection();
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::listen, "event-notifications");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = listener;
        listener = null;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }
}
