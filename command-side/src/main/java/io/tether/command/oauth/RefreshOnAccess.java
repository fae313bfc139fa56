package io.tether.command.oauth;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.tether.api.account.IntegrationType;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.account.ExpiringAccessTokens;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import io.tether.command.provider.Provider;
import io.tether.command.provider.Providers;
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
 * token would fail and put the account in ERROR): when the task is due (its time, which is never later than
 * the token's expiry less the refresh-ahead window, has come; it is running; or it is retrying after a
 * failure), it is moved to now, this node's scheduler is told to look, and the request waits until the task
 * has run, at most as long as a call to Login with Amazon may take. Whether it is due is read from the
 * task's row, without opening the credentials; the credentials are opened once, by the read itself, which
 * refuses an access token that is still expired (a refresh that failed leaves a token that is still valid
 * to be handed out). The task's row is looked at only when the opened credentials say a refresh may be due
 * ({@link #mayBeDue}): the task is scheduled at the token's expiry less the refresh-ahead window, so a token further
 * from its expiry has no refresh due, and most reads cost no look-up of the task.
 */
@Component
class RefreshOnAccess implements ExpiringAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshOnAccess.class);
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final Scheduler scheduler;
    private final AccountNameRegistry accounts;
    private final AmazonProperties properties;
    private final Providers providers;
    private final Clock clock;

    RefreshOnAccess(Scheduler scheduler, AccountNameRegistry accounts, AmazonProperties properties, Providers providers,
                    Clock clock) {
        this.scheduler = scheduler;
        this.accounts = accounts;
        this.properties = properties;
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public boolean mayBeDue(IntegrationType type, Instant accessTokenExpiresAt) {
        if (accessTokenExpiresAt == null) {
            return providers.of(type).afterConnect().contains(Provider.AfterConnect.KEEP_ACCESS_TOKEN_FRESH);
        }
        return accessTokenExpiresAt.isBefore(clock.instant().plus(properties.tokenRefresh().ahead()));
    }

    @Override
    public void refreshIfExpiring(UUID accountId, UUID organizationId) {
        TaskInstanceId task = TaskInstanceId.of(OAuthTasks.TOKEN_REFRESH.getTaskName(), accountId.toString());
        Optional<ScheduledExecution<Object>> scheduled = scheduler.getScheduledExecution(task);
        // Another organization's caller is refused by the read; it must not set off this account's refresh.
        if (scheduled.isEmpty() || !isDue(scheduled.get()) || !accounts.belongsTo(accountId, organizationId)) {
            return;
        }
        Instant requested = clock.instant();
        try {
            scheduler.reschedule(task, requested);
        } catch (RuntimeException e) {
            // Running right now (or gone): either way, what is left is to wait for its outcome.
            log.debug("The token refresh of account {} was not moved: {}", accountId, e.getMessage());
        }
        scheduler.triggerCheckForDueExecutions();
        Instant deadline = requested.plus(properties.lwa().connectTimeout()).plus(properties.lwa().readTimeout());
        // The task's row says when it has run: rescheduled past the request, or gone.
        while (clock.instant().isBefore(deadline)) {
            Optional<ScheduledExecution<Object>> execution = scheduler.getScheduledExecution(task);
            if (execution.isEmpty() || !execution.get().isPicked() && execution.get().getExecutionTime().isAfter(requested)) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        log.warn("Account {}: refreshing its access token on access did not finish within {}", accountId,
                Duration.between(requested, deadline));
    }

    private boolean isDue(ScheduledExecution<Object> execution) {
        return execution.isPicked()
                || !execution.getExecutionTime().isAfter(clock.instant())
                || execution.getData() instanceof RefreshTarget target && target.failedAttempts() > 0;
    }
}
