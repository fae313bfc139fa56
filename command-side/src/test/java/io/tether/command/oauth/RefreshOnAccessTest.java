package io.tether.command.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.account.AccountNameRegistry;
import io.tether.api.account.IntegrationType;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import io.tether.command.provider.Provider;
import io.tether.command.provider.Providers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whether credential access sets off the account's refresh, decided from the task's row alone. */
class RefreshOnAccessTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final TaskInstanceId TASK = TaskInstanceId.of(OAuthTasks.TOKEN_REFRESH.getTaskName(), ACCOUNT.toString());

    private final Scheduler scheduler = mock(Scheduler.class);
    private final AccountNameRegistry accounts = mock(AccountNameRegistry.class);
    private final Providers providers = mock(Providers.class);
    private final RefreshOnAccess refreshOnAccess = new RefreshOnAccess(scheduler, accounts, properties(), providers,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenFurtherFromItsExpiryThanTheWindow_hasNoRefreshDue_soNoTaskIsLookedAt() {
        assertThat(refreshOnAccess.mayBeDue(IntegrationType.ADS_API, NOW.plus(Duration.ofMinutes(6)))).isFalse();
        verifyNoInteractions(scheduler);
    }

    @Test
    void aTokenExpiringWithinTheWindow_mayHaveARefreshDue() {
        assertThat(refreshOnAccess.mayBeDue(IntegrationType.ADS_API, NOW.plus(Duration.ofMinutes(4)))).isTrue();
        assertThat(refreshOnAccess.mayBeDue(IntegrationType.ADS_API, NOW.minusSeconds(1))).isTrue();
    }

    @Test
    void noTokenYet_mayHaveARefreshDue_onlyWhereTheProviderKeepsOneFresh() {
        Provider keepsFresh = mock(Provider.class);
        when(keepsFresh.afterConnect()).thenReturn(Set.of(Provider.AfterConnect.KEEP_ACCESS_TOKEN_FRESH));
        Provider doesNot = mock(Provider.class);
        when(doesNot.afterConnect()).thenReturn(Set.of());
        when(providers.of(IntegrationType.WALMART_MP_API)).thenReturn(keepsFresh);
        when(providers.of(IntegrationType.ADS_API)).thenReturn(doesNot);

        assertThat(refreshOnAccess.mayBeDue(IntegrationType.WALMART_MP_API, null)).isTrue();
        assertThat(refreshOnAccess.mayBeDue(IntegrationType.ADS_API, null)).isFalse();
    }

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

    /** The task stays picked (a node died holding it, say): the request goes on after one LWA call's time. */
    @Test
    @Timeout(10)
    void aRefreshThatDoesNotFinish_isWaitedForAtMostOneLwaCallsTime() {
        TickingClock clock = new TickingClock(NOW, Duration.ofSeconds(1));
        RefreshOnAccess bounded = new RefreshOnAccess(scheduler, accounts, properties(Duration.ofSeconds(2),
                Duration.ofSeconds(5)), providers, clock);
        ScheduledExecution<Object> running = execution(NOW.minusSeconds(1), true);
        when(scheduler.getScheduledExecution(TASK)).thenReturn(Optional.of(running));
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        bounded.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        Instant returned = clock.instant();
        assertThat(Duration.between(NOW, returned)).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(9));
    }

    @Test
    void theWait_endsAsSoonAsTheTasksRowSaysItHasRun() {
        TickingClock clock = new TickingClock(NOW, Duration.ofMillis(10));
        RefreshOnAccess bounded = new RefreshOnAccess(scheduler, accounts, properties(Duration.ofSeconds(2),
                Duration.ofSeconds(5)), providers, clock);
        ScheduledExecution<Object> due = execution(NOW.minusSeconds(1), false);
        ScheduledExecution<Object> running = execution(NOW.minusSeconds(1), true);
        ScheduledExecution<Object> next = execution(NOW.plus(Duration.ofMinutes(55)), false);
        when(scheduler.getScheduledExecution(TASK)).thenReturn(Optional.of(due), Optional.of(running), Optional.of(next));
        when(accounts.belongsTo(ACCOUNT, ORGANIZATION)).thenReturn(true);

        bounded.refreshIfExpiring(ACCOUNT, ORGANIZATION);

        verify(scheduler, times(3)).getScheduledExecution(TASK);
    }

    private void scheduled(Instant at, int failedAttempts) {
        ScheduledExecution<Object> execution = execution(at, false);
        when(execution.getData()).thenReturn(new RefreshTarget(ACCOUNT, OAuthFlow.ADS, Region.EU, failedAttempts));
        when(scheduler.getScheduledExecution(TASK)).thenReturn(Optional.of(execution));
    }

    @SuppressWarnings("unchecked")
    private static ScheduledExecution<Object> execution(Instant at, boolean picked) {
        ScheduledExecution<Object> execution = mock(ScheduledExecution.class);
        when(execution.getExecutionTime()).thenReturn(at);
        when(execution.isPicked()).thenReturn(picked);
        return execution;
    }

    private static AmazonProperties properties() {
        return properties(Duration.ZERO, Duration.ZERO);
    }

    private static AmazonProperties properties(Duration connectTimeout, Duration readTimeout) {
        AmazonProperties.Lwa lwa = new AmazonProperties.Lwa(URI.create("http://na"), URI.create("http://eu"),
                URI.create("http://fe"), connectTimeout, readTimeout);
        return new AmazonProperties(null, null, lwa, null, new AmazonProperties.TokenRefresh(Duration.ofMinutes(5),
                Duration.ofMinutes(1), 5), null);
    }

    /** A clock that moves on by a step each time it is read, so that a wait runs its course at once. */
    private static final class TickingClock extends Clock {

        private final AtomicReference<Instant> now;
        private final Duration step;

        TickingClock(Instant start, Duration step) {
            this.now = new AtomicReference<>(start);
            this.step = step;
        }

        @Override
        public Instant instant() {
            return now.getAndUpdate(instant -> instant.plus(step));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
