package io.tether.command.oauth;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.tether.command.account.AccessTokenRefreshFailedException;
import io.tether.command.account.ExpiringAccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Refresh-first credential access. The refresh itself stays the account's one db-scheduler task, so that
 * no two refreshes of an account run at once on any number of nodes (a second one with a rotated refresh
 * token would fail and put the account in ERROR): the task is moved to now, this node's scheduler is told
 * to look, and the request waits until the task has run, at most as long as a call to Login with Amazon may
 * take. If the refresh failed, a token that is still valid is handed out (the task keeps trying, and the
 * account goes to ERROR if it cannot); an expired one is not.
 */
@Component
class RefreshOnAccess implements ExpiringAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshOnAccess.class);
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final AccessTokenRefresher refresher;
    private final Scheduler scheduler;
    private final AmazonProperties properties;
    private final Clock clock;

    RefreshOnAccess(AccessTokenRefresher refresher, Scheduler scheduler, AmazonProperties properties, Clock clock) {
        this.refresher = refresher;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void refreshIfExpiring(UUID accountId, UUID organizationId) {
        Optional<Instant> expiry = refresher.accessTokenExpiry(accountId, organizationId);
        if (expiry.isEmpty() || !expiresSoon(expiry.get())) {
            return;
        }
        TaskInstanceId task = TaskInstanceId.of(OAuthTasks.TOKEN_REFRESH.getTaskName(), accountId.toString());
        Instant requested = clock.instant();
        try {
            scheduler.reschedule(task, requested);
        } catch (RuntimeException e) {
            // Running right now (or gone): either way, what is left is to wait for its outcome.
            log.debug("The token refresh of account {} was not moved: {}", accountId, e.getMessage());
        }
        scheduler.triggerCheckForDueExecutions();
        Instant deadline = requested.plus(properties.lwa().connectTimeout()).plus(properties.lwa().readTimeout());
        // The task's row says when it has run (it is rescheduled past the request, or gone); the
        // credentials are opened once more only then, not on every poll.
        while (clock.instant().isBefore(deadline)) {
            Optional<ScheduledExecution<Object>> execution = scheduler.getScheduledExecution(task);
            if (execution.isEmpty() || !execution.get().isPicked() && execution.get().getExecutionTime().isAfter(requested)) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        Optional<Instant> after = refresher.accessTokenExpiry(accountId, organizationId);
        if (after.isPresent() && !after.get().isAfter(clock.instant())) {
            log.warn("Account {}: its access token has expired and refreshing it on access failed", accountId);
            throw new AccessTokenRefreshFailedException(accountId);
        }
    }

    private boolean expiresSoon(Instant expiresAt) {
        return !expiresAt.isAfter(clock.instant().plus(properties.tokenRefresh().ahead()));
    }
}
