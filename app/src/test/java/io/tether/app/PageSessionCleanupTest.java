package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.tether.web.ExpiredPageRows;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Expired page-session rows go, in the embedded PostgreSQL: connect sessions and console links past their deadline by
 * more than the grace period (a day) are deleted by a db-scheduler recurring task, which one node at a time runs;
 * the page sessions themselves by Spring Session JDBC's own cleanup, which is on.
 */
class PageSessionCleanupTest extends EndToEndTest {

    @Autowired
    SchedulerClient scheduler;

    @Autowired
    ExpiredPageRows expiredRows;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Test
    void rowsExpiredLongerThanTheGracePeriod_areDeletedByTheRecurringTask_andTheOthersStay() {
        Instant now = Instant.now();
        String longExpired = link(now.minus(Duration.ofDays(2)));
        String justExpired = link(now.minus(Duration.ofHours(1)));
        String live = link(now.plus(Duration.ofMinutes(1)));
        String longExpiredSession = connectSession(now.minus(Duration.ofDays(2)));
        String justExpiredSession = connectSession(now.minus(Duration.ofHours(1)));
        TaskInstanceId task = TaskInstanceId.of(ExpiredPageRows.TASK, RecurringTask.INSTANCE);
        await("the task is scheduled").atMost(Duration.ofSeconds(20))
                .until(() -> scheduler.getScheduledExecution(task).isPresent());

        scheduler.reschedule(task, Instant.now());

        await().atMost(Duration.ofSeconds(40)).until(() -> !exists("console_links", "link_hash", longExpired)
                && !exists("connect_sessions", "token_hash", longExpiredSession));
        assertThat(exists("console_links", "link_hash", justExpired)).as("still says 'expired'").isTrue();
        assertThat(exists("console_links", "link_hash", live)).isTrue();
        assertThat(exists("connect_sessions", "token_hash", justExpiredSession)).isTrue();
    }

    @Test
    void theGracePeriod_isCountedFromTheDeadline() {
        Instant now = Instant.now();
        String expired = link(now.minus(Duration.ofHours(2)));

        assertThat(expiredRows.deleteExpiredAsOf(now)).as("within a day of its deadline").isZero();
        assertThat(expiredRows.deleteExpiredAsOf(now.plus(Duration.ofDays(1)))).isPositive();

        assertThat(exists("console_links", "link_hash", expired)).isFalse();
    }

    @Test
    void springSessionsOwnCleanup_ofExpiredPageSessions_isOn() {
        // Spring Session JDBC schedules its cleanup itself, on the cron it was given; "-" would turn it off.
        assertThat(ReflectionTestUtils.getField(sessions, "cleanupCron")).isEqualTo("0 * * * * *");
        assertThat(ReflectionTestUtils.getField(sessions, "taskScheduler")).as("its scheduler runs").isNotNull();
        String primaryId = UUID.randomUUID().toString();
        long longAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        jdbc.update("INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time,"
                + " max_inactive_interval, expiry_time) VALUES (?, ?, ?, ?, 1800, ?)", primaryId, UUID.randomUUID().toString(),
                longAgo, longAgo, longAgo + Duration.ofMinutes(30).toMillis());

        sessions.cleanUpExpiredSessions();

        assertThat(exists("spring_session", "primary_id", primaryId)).isFalse();
    }

    private String link(Instant expiresAt) {
        String hash = hash();
        jdbc.update("INSERT INTO console_links (link_hash, subject, organization_id, roles, expires_at) VALUES (?, ?, ?, ?, ?)",
                hash, "alice", UUID.randomUUID(), "admin", Timestamp.from(expiresAt));
        return hash;
    }

    private String connectSession(Instant expiresAt) {
        String hash = hash();
        jdbc.update("INSERT INTO connect_sessions (token_hash, organization_id, created_by, integrations, origin, created_at,"
                + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", hash, UUID.randomUUID(), "alice", "walmart-mp-api",
                "https://app.example.com", Timestamp.from(expiresAt.minus(Duration.ofMinutes(30))), Timestamp.from(expiresAt));
        return hash;
    }

    private static String hash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    private boolean exists(String table, String column, String value) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", Long.class, value) > 0;
    }
}
