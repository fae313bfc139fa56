package io.tether.command.oauth;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStartedEvent;
import io.tether.api.global.GlobalIntegrationOAuthStateRedeemedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.OAuthStateRedeemedEvent;
import io.tether.command.account.AccountNameRegistry;
import io.tether.command.oauth.OAuthTasks.DetailsTarget;
import io.tether.command.oauth.OAuthTasks.FlowDeadline;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import io.tether.command.provider.Provider;
import io.tether.command.provider.Providers;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code oauth_states} (of accounts' flows and global integrations' installs), each flow's expiry deadline and each account's token refresh (OAuth accounts,
 * and those whose client credentials are exchanged for tokens) in step
 * with the events, in the transaction that appends them (a subscribing processor that lets failures roll
 * the command back): a state can be looked up, and its deadline exists, exactly when its flow's event
 * does. db-scheduler keeps the deadlines in PostgreSQL, so they survive restarts and run on one node only.
 */
@Component
@ProcessingGroup(OAuthStateIndex.PROCESSING_GROUP)
class OAuthStateIndex {

    static final String PROCESSING_GROUP = "oauth-states";

    private final OAuthStates states;
    private final SchedulerClient scheduler;
    private final AmazonProperties.TokenRefresh tokenRefresh;
    private final AccountNameRegistry accounts;
    private final Providers providers;

    OAuthStateIndex(OAuthStates states, SchedulerClient scheduler, AmazonProperties properties,
                    AccountNameRegistry accounts, Providers providers) {
        this.states = states;
        this.scheduler = scheduler;
        this.tokenRefresh = properties.tokenRefresh();
        this.accounts = accounts;
        this.providers = providers;
    }

    @EventHandler
    void on(OAuthStartedEvent event) {
        states.replaceUnused(event.accountId(), event.stateHash(), event.flow(), event.expiresAt());
        scheduler.schedule(OAuthTasks.FLOW_DEADLINE.instance(event.stateHash())
                .data(new FlowDeadline(event.accountId(), event.stateHash(), null))
                .scheduledTo(event.expiresAt()));
    }

    @EventHandler
    void on(GlobalIntegrationOAuthStartedEvent event) {
        states.replaceUnusedOfIntegration(event.integrationId(), event.stateHash(), event.flow(), event.expiresAt());
        scheduler.schedule(OAuthTasks.FLOW_DEADLINE.instance(event.stateHash())
                .data(new FlowDeadline(null, event.stateHash(), event.integrationId()))
                .scheduledTo(event.expiresAt()));
    }

    @EventHandler
    void on(GlobalIntegrationOAuthStateRedeemedEvent event, @Timestamp Instant at) {
        states.markUsed(event.stateHash(), at);
    }

    @EventHandler
    void on(GlobalIntegrationDeletedEvent event) {
        states.forgetIntegration(event.integrationId());
    }

    @EventHandler
    void on(OAuthStateRedeemedEvent event, @Timestamp Instant at) {
        states.markUsed(event.stateHash(), at);
    }

    /**
     * The account's tokens are kept fresh from now on. An account that is already being refreshed keeps
     * its schedule, which is no later than the new token needs: the next run refreshes what is current then.
     */
    @EventHandler
    void on(OAuthCompletedEvent event, @Timestamp Instant at) {
        Instant refreshAt = event.accessTokenExpiresAt().minus(tokenRefresh.ahead());
        scheduler.scheduleIfNotExists(OAuthTasks.TOKEN_REFRESH.instance(event.accountId().toString())
                .data(new RefreshTarget(event.accountId(), event.flow(), event.region()))
                .scheduledTo(refreshAt.isBefore(at) ? at : refreshAt));
        // The new authorization may reach other profiles or marketplaces: fetched again for each completed flow.
        if (!scheduler.scheduleIfNotExists(OAuthTasks.ACCOUNT_DETAILS.instance(event.accountId().toString())
                .data(new DetailsTarget(event.accountId()))
                .scheduledTo(at))) {
            try {
                scheduler.reschedule(TaskInstanceId.of(OAuthTasks.ACCOUNT_DETAILS.getTaskName(), event.accountId().toString()), at);
            } catch (RuntimeException running) {
                // Running now, with the tokens of this flow or the one before: either way, what the account reaches.
            }
        }
    }

    /**
     * An account whose provider exchanges its credentials for short-lived tokens (Walmart) gets its first token
     * now, from its refresh task, and fresh ones from then on. A reconnect replaces the credentials and with them
     * the token: a refresh already scheduled is moved to now.
     */
    @EventHandler
    void on(AccountConnectedEvent event, @Timestamp Instant at) {
        boolean keptFresh = accounts.integrationTypeOf(event.accountId())
                .map(type -> providers.of(type).afterConnect())
                .filter(followUps -> followUps.contains(Provider.AfterConnect.KEEP_ACCESS_TOKEN_FRESH))
                .isPresent();
        if (!keptFresh) {
            return;
        }
        TaskInstanceId refresh = TaskInstanceId.of(OAuthTasks.TOKEN_REFRESH.getTaskName(), event.accountId().toString());
        if (!scheduler.scheduleIfNotExists(OAuthTasks.TOKEN_REFRESH.instance(event.accountId().toString())
                .data(new RefreshTarget(event.accountId(), null, null))
                .scheduledTo(at))) {
            try {
                scheduler.reschedule(refresh, at, new RefreshTarget(event.accountId(), null, null));
            } catch (RuntimeException running) {
                // Running now: it finds the credentials changed and runs again at once (CREDENTIALS_CHANGED).
            }
        }
    }

    /**
     * An account in ERROR lost its token refresh (a refresh is not recorded for a failed account); once its
     * credentials are accepted again, the refresh runs now, and keeps going if the account has tokens to keep fresh.
     */
    @EventHandler
    void on(AccountCredentialsVerifiedEvent event, @Timestamp Instant at) {
        if (event.recovered()) {
            scheduler.scheduleIfNotExists(OAuthTasks.TOKEN_REFRESH.instance(event.accountId().toString())
                    .data(new RefreshTarget(event.accountId(), null, null))
                    .scheduledTo(at));
        }
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        states.forgetAccount(event.accountId());
    }
}
