package io.tether.web;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes connect sessions and console links whose deadline passed more than {@code tether.pages.cleanup-grace}
 * ago: a db-scheduler recurring task, so that one node at a time does it, every {@code tether.pages.cleanup-interval}.
 * The page sessions themselves (Spring Session's tables) are Spring Session JDBC's to clean
 * ({@code spring.session.jdbc.cleanup-cron}): a single DELETE of expired rows that any node may run.
 */
@Configuration(proxyBeanMethods = false)
public class ExpiredPageRows {

    /** The recurring task's name in db-scheduler's table. */
    public static final String TASK = "expired-page-rows";

    private static final Logger log = LoggerFactory.getLogger(ExpiredPageRows.class);

    private final JdbcClient jdbc;
    private final PageRowsProperties properties;

    ExpiredPageRows(JdbcClient jdbc, PageRowsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Bean
    RecurringTask<Void> expiredPageRowsTask(Clock clock) {
        return Tasks.recurring(TASK, FixedDelay.of(properties.cleanupInterval()))
                .execute((instance, context) -> {
                    int deleted = deleteExpiredAsOf(clock.instant());
                    if (deleted > 0) {
                        log.info("Deleted {} connect sessions and console links past their deadline", deleted);
                    }
                });
    }

    /** The rows whose deadline passed more than the grace period before {@code now}; how many were deleted. */
    public int deleteExpiredAsOf(Instant now) {
        Timestamp cutoff = Timestamp.from(now.minus(properties.cleanupGrace()));
        return jdbc.sql("DELETE FROM connect_sessions WHERE expires_at < ?").param(cutoff).update()
                + jdbc.sql("DELETE FROM console_links WHERE expires_at < ?").param(cutoff).update();
    }
}
