package io.tether.command.oauth;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.OAuthStateRedeemedEvent;
import io.tether.command.oauth.OAuthTasks.FlowDeadline;
import io.tether.command.oauth.OAuthTasks.RefreshTarget;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code oauth_states}, each flow's expiry deadline and each OAuth account's token refresh in step
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

    OAuthStateIndex(OAuthStates states, SchedulerClient scheduler, AmazonProperties properties) {
        this.states = states;
        this.scheduler = scheduler;
        this.tokenRefresh = properties.tokenRefresh();
    }

    @EventHandler
    void on(OAuthStartedEvent event) {
        states.replaceUnused(event.accountId(), event.stateHash(), event.flow(), event.expiresAt());
        scheduler.schedule(OAuthTasks.FLOW_DEADLINE.instance(event.stateHash())
                .data(new FlowDeadline(event.accountId(), event.stateHash()))
                .scheduledTo(event.expiresAt()));
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
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        states.forgetAccount(event.accountId());
    }
}
