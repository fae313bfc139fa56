package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.tether.bench.Baselines.ScheduledExecution;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the bench waits for before a cost row (db-scheduler's executions, read from its table) and what it watches during
 * the rebuild (autovacuum's workers), in a real PostgreSQL.
 */
class BaselinesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T17:00:00Z");

    private static EmbeddedPostgres postgres;
    private static Baselines baselines;

    @BeforeAll
    static void start() throws Exception {
        // Autovacuum looks every second, not every minute, so that the watch's test sees a worker soon.
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("bench-baselines"))
                .setServerConfig("autovacuum_naptime", "1").start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // The columns of db-scheduler's table that the bench reads, as Tether's migration creates them.
            statement.execute("""
                    CREATE TABLE scheduled_tasks (
                        task_name TEXT NOT NULL, task_instance TEXT NOT NULL,
                        execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,
                        PRIMARY KEY (task_name, task_instance))""");
            statement.execute("""
                    INSERT INTO scheduled_tasks VALUES
                        ('credential-recheck', 'recurring', now() + interval '5 seconds', false),
                        ('audit-digests', 'recurring', now() - interval '1 second', true),
                        ('amazon-account-details', 'a1', now() + interval '10 seconds', false),
                        ('amazon-account-details', 'a2', now() + interval '10 minutes', false),
                        ('webhook-body-expiry', 'recurring', now() + interval '1 hour', false)""");
        }
        baselines = new Baselines(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void scheduledWork_isWhatRunsNow_andWhatIsDueInTheWindow() throws Exception {
        List<ScheduledExecution> work = baselines.scheduledWork(Duration.ofSeconds(30));

        assertThat(work).extracting(ScheduledExecution::task, ScheduledExecution::instance, ScheduledExecution::picked)
                .containsExactly(
                        tuple("amazon-account-details", "a1", false),
                        tuple("audit-digests", "recurring", true),
                        tuple("credential-recheck", "recurring", false));
        assertThat(ScheduledExecution.byTask(work))
                .containsExactly(Map.entry("amazon-account-details", 1L), Map.entry("audit-digests", 1L), Map.entry("credential-recheck", 1L));
    }

    @Test
    void aRecurringExecution_isLeft_untilItHasRunOnce_thenItsNextRunIsNotWaitedFor() {
        Map<String, Instant> firstDue = new HashMap<>();
        ScheduledExecution recheck = new ScheduledExecution("credential-recheck", "recurring", NOW.plusSeconds(5), false);
        ScheduledExecution details = new ScheduledExecution("amazon-account-details", "a1", NOW.plusSeconds(10), false);
        assertThat(ScheduledExecution.notYetRun(List.of(recheck, details), firstDue)).containsExactly(recheck, details);

        ScheduledExecution running = new ScheduledExecution("credential-recheck", "recurring", NOW.plusSeconds(5), true);
        assertThat(ScheduledExecution.notYetRun(List.of(running, details), firstDue)).containsExactly(running, details);

        ScheduledExecution next = new ScheduledExecution("credential-recheck", "recurring", NOW.plusSeconds(25), false);
        assertThat(ScheduledExecution.notYetRun(List.of(next, details), firstDue)).as("the recheck ran; its next run is not waited for")
                .containsExactly(details);
    }

    @Test
    void aOneTimeExecution_isLeft_whileItIsThere_andARecurringOneStillDueAsFirstSeen_isLeftToo() {
        Map<String, Instant> firstDue = new HashMap<>();
        ScheduledExecution digests = new ScheduledExecution("audit-digests", "recurring", NOW.minusSeconds(1), false);
        ScheduledExecution details = new ScheduledExecution("amazon-account-details", "a1", NOW.plusSeconds(10), false);
        ScheduledExecution.notYetRun(List.of(digests, details), firstDue);

        assertThat(ScheduledExecution.notYetRun(List.of(digests, details), firstDue)).containsExactly(digests, details);
        assertThat(ScheduledExecution.notYetRun(List.of(), firstDue)).isEmpty();
    }

    @Test
    void theAutovacuumWatch_seesAWorkerVacuumingATableOfDeadRows_andCountsItsLooks() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // Vacuumed as soon as it has dead rows, and slowly (a pause every 10 pages), so that a look finds it working.
            statement.execute("CREATE TABLE bench_watched (id int PRIMARY KEY, filler text) WITH (autovacuum_vacuum_threshold = 0,"
                    + " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_limit = 10, autovacuum_vacuum_cost_delay = 5)");
            statement.execute("INSERT INTO bench_watched SELECT n, repeat('x', 200) FROM generate_series(1, 100000) n");
            statement.execute("UPDATE bench_watched SET filler = repeat('y', 200)");
        }
        Baselines.AutovacuumWatch watch = baselines.watchAutovacuum(Duration.ofMillis(20));
        try (watch) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(watch.seen())
                    .as("what the workers were seen doing").hasKeySatisfying(new Condition<>(
                            query -> query.startsWith("autovacuum: VACUUM") && query.endsWith("public.bench_watched"),
                            "autovacuum's statement on the table")));
        }

        assertThat(watch.seen().values()).allSatisfy(looks -> assertThat(looks).isPositive().isLessThanOrEqualTo(watch.looks()));
    }
}
