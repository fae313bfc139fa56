package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * How nodes tell each other of new events, on a real PostgreSQL: the first look after a local commit sends one
 * notification, in its own transaction; another node's notification has the processors called back, this node's own
 * does not; and a listening connection that the database terminates is opened again, with a look for what was missed.
 * The event stream's poll is a minute here: every callback the tests see comes from a notification.
 */
class EventNotificationsTest {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;

    private final EventAnnouncements announcements =
            new EventAnnouncements(new DataSourceTransactionManager(pool), jdbc);
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final WakingEventSource events = new WakingEventSource(store,
            new EventStreamProperties(Duration.ofMinutes(1), Duration.ofMillis(20), 1024), announcements);
    private final AtomicInteger callbacks = new AtomicInteger();
    private EventNotifications notifications;

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("event-notifications")).start();
        pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        jdbc = new JdbcTemplate(pool);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.close();
        postgres.close();
    }

    @AfterEach
    void stopListening() {
        if (notifications != null) {
            notifications.stop();
        }
        events.stop();
        store.shutDown();
    }

    @Test
    void theFirstLookAfterALocalCommit_announcesIt_once() throws Exception {
        try (Connection otherNode = pool.getConnection()) {
            try (Statement statement = otherNode.createStatement()) {
                statement.execute("LISTEN " + EventAnnouncements.CHANNEL);
            }
            List<String> looks = new ArrayList<>();

            announcements.look(() -> {
                looks.add("before any commit");
                return List.of();
            });
            announcements.localCommit();
            announcements.look(() -> {
                looks.add("told only once it commits: " + received(otherNode, 200).length);
                return List.of();
            });
            announcements.look(() -> {
                looks.add("after it");
                return List.of();
            });

            assertThat(looks).containsExactly("before any commit", "told only once it commits: 0", "after it");
            assertThat(received(otherNode, 5_000)).extracting(PGNotification::getParameter)
                    .containsExactly(announcements.node());
            assertThat(received(otherNode, 200)).isEmpty();
        }
    }

    @Test
    void anotherNodesAnnouncement_callsTheProcessorsBack_thisNodesOwnDoesNot_andALostListenerListensAgain() {
        listen();
        await().atMost(Duration.ofSeconds(10)).until(() -> listeners() == 1 && callbacks.get() == 1);

        notify(announcements.node());
        notify("another node");

        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() == 2);
        notify(announcements.node());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> callbacks.get() == 2);

        jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                EventNotifications.APPLICATION_NAME);

        await("listening again, and a look for what was missed meanwhile").atMost(Duration.ofSeconds(10))
                .until(() -> listeners() == 1 && callbacks.get() == 3);
        notify("another node");
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.get() == 4);
    }

    private void listen() {
        events.afterSingletonsInstantiated();
        events.start();
        events.openStream(null).setOnAvailableCallback(callbacks::incrementAndGet);
        notifications = new EventNotifications(pool, announcements, events);
        notifications.start();
    }

    private static PGNotification[] received(Connection listening, int waitMillis) {
        try {
            PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications(waitMillis);
            return received == null ? new PGNotification[0] : received;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int listeners() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query LIKE 'LISTEN%'",
                Integer.class, EventNotifications.APPLICATION_NAME);
    }

    private static void notify(String node) {
        jdbc.query("SELECT pg_notify(?, ?)", result -> null, EventAnnouncements.CHANNEL, node);
    }
}
