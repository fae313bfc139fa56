package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the bench waits for before a cost row: db-scheduler's executions, read from its table in a real PostgreSQL. */
class BaselinesTest {

    private static EmbeddedPostgres postgres;
    private static Baselines baselines;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("bench-baselines")).start();
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
                        ('audit-digest', 'recurring', now() - interval '1 second', true),
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
    void scheduledWork_isWhatRunsNow_andTheOneTimeExecutionsDueInTheWindow_notTheNextOfARecurringTask() throws Exception {
        Map<String, Long> work = baselines.scheduledWork(Duration.ofSeconds(30));

        assertThat(work).containsOnly(Map.entry("audit-digest", 1L), Map.entry("amazon-account-details", 1L));
    }
}
