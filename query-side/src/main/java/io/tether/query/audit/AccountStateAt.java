package io.tether.query.audit;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthStartedEvent;
import java.time.Instant;

/**
 * An account as it stood after a given event: what an auditor asks for at a point in time. The
 * rules are those of the account aggregate and the accounts read model; a test holds the three
 * together.
 */
final class AccountStateAt {

    private AccountStateAt() {
    }

    /** The state after the event; events that do not change what the view shows leave it as it was. */
    static AccountView evolve(AccountView state, Object event, Instant at) {
        if (event instanceof AccountCreatedEvent created) {
            return new AccountView(created.accountId(), created.organizationId(), created.marketplace(),
                    created.integrationType(), created.accountName(), created.region(), AccountStatus.DISCONNECTED,
                    null, false, null, at, at);
        }
        if (state == null) {
            return null;
        }
        if (event instanceof AccountConnectedEvent || event instanceof OAuthCompletedEvent) {
            return with(state, AccountStatus.CONNECTED, null, true, at, at);
        }
        if (event instanceof OAuthStartedEvent) {
            return with(state, AccountStatus.CONNECTING, null, state.hasCredentials(), state.connectedAt(), at);
        }
        if (event instanceof OAuthFailedEvent failed) {
            return with(state, AccountStatus.ERROR, failed.errorMessage(), state.hasCredentials(), state.connectedAt(), at);
        }
        if (event instanceof OAuthExpiredEvent expired) {
            return with(state, expired.restoredStatus(), expired.restoredErrorMessage(), state.hasCredentials(),
                    state.connectedAt(), at);
        }
        if (event instanceof AccountDisconnectedEvent) {
            return with(state, AccountStatus.DISCONNECTED, null, false, null, at);
        }
        if (event instanceof AccountMarkedFailedEvent failed) {
            return with(state, AccountStatus.ERROR, failed.errorMessage(), state.hasCredentials(), state.connectedAt(), at);
        }
        if (event instanceof AccountDeletedEvent) {
            return with(state, state.status(), state.errorMessage(), false, state.connectedAt(), at);
        }
        return state;
    }

    private static AccountView with(AccountView state, AccountStatus status, String errorMessage, boolean hasCredentials,
                                    Instant connectedAt, Instant updatedAt) {
        return new AccountView(state.id(), state.organizationId(), state.marketplace(), state.integrationType(),
                state.accountName(), state.region(), status, errorMessage, hasCredentials, connectedAt,
                state.createdAt(), updatedAt);
    }
}
