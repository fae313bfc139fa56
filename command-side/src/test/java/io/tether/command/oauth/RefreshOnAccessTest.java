package io.tether.command.oauth;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Whether credential access sets off the account's refresh, decided from the task's row alone. */
class RefreshOnAccessTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final TaskInstanceId TASK = TaskInstanceId.of(OAuthTasks.TOKEN_REFRESH.getTaskName(), ACCOUNT.toString());

    private final Scheduler scheduler = mock(Scheduler.class);
    private final AccountNameRegistry accounts = mock(AccountNameRegistry.class);
    private final RefreshOnAccess refreshOnAccess = new RefreshOnAccess(scheduler, accounts, properties(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTaskDueLater_isLeftAlone() {
        scheduled(NOW.plusSeconds(60), 0);
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        refreshOnAccess.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler, never()).reschedule(any(TaskInstanceId.class), any(Instant.class));
    }

    @Test
    void anAccountWithoutARefreshTask_isLeftAlone() {
        when(scheduler.getScheduledExecution(TASK)).thenReturn(Optional.empty());
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        refreshOnAccess.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler, never()).reschedule(any(TaskInstanceId.class), any(Instant.class));
    }

    @Test
    void aDueTask_ofAnotherOrganizationsAccount_isNotSetOff() {
        scheduled(NOW.minusSeconds(1), 0);
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(false);

        refreshOnAccess.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler, never()).reschedule(any(TaskInstanceId.class), any(Instant.class));
        verify(scheduler, never()).triggerCheckForDueExecutions();
    }

    @Test
    void aDueTask_isMovedToNow_andTheSchedulerToldToLook() {
        scheduled(NOW.minusSeconds(1), 0);
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        refreshOnAccess.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler).reschedule(TASK, NOW);
        verify(scheduler).triggerCheckForDueExecutions();
    }

    @Test
    void aTaskRetryingAfterAFailure_isSetOffAtOnce_thoughItsRetryIsLater() {
        scheduled(NOW.plusSeconds(60), 1);
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        refreshOnAccess.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler).reschedule(eq(TASK), eq(NOW));
    }

    @SuppressWarnings("unchecked")
    private void scheduled(Instant at, int failedAttempts) {
        ScheduledExecution<Object> execution = mock(ScheduledExecution.class);
        when(execution.getExecutionTime()).thenReturn(at);
        when(execution.isPicked()).thenReturn(false);
        when(execution.getData()).thenReturn(new RefreshTarget(ACCOUNT, OAuthFlow.ADS, Region.EU, failedAttempts));
        when(scheduler.getScheduledExecution(TASK)).thenReturn(Optional.of(execution));
    }

    private static AmazonProperties properties() {
        AmazonProperties.Lwa lwa = new AmazonProperties.Lwa(URI.create("http://na"), URI.create("http://eu"),
                URI.create("http://fe"), Duration.ZERO, Duration.ZERO);
        return new AmazonProperties(null, null, lwa, null, new AmazonProperties.TokenRefresh(Duration.ofMinutes(5),
                Duration.ofMinutes(1), 5), null);
    }
}
