package io.tether.query.account;

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
import io.tether.eventing.SendsNoMessages;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** Builds the accounts read model from the account events. */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
@SendsNoMessages
class AccountProjection {

    static final String PROCESSING_GROUP = "integration-accounts";

    private final AccountReadModel accounts;

    AccountProjection(AccountReadModel accounts) {
        this.accounts = accounts;
    }

    @EventHandler
    void on(AccountCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.insert(new AccountView(event.accountId(), event.organizationId(), event.marketplace(),
                event.integrationType(), event.accountName(), event.region(), AccountStatus.DISCONNECTED,
                null, false, null, at, at), sequence);
    }

    @EventHandler
    void on(AccountConnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markConnected(event.accountId(), sequence, at);
    }

    @EventHandler
    void on(AccountDisconnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markDisconnected(event.accountId(), sequence, at);
    }

    @EventHandler
    void on(AccountMarkedFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markFailed(event.accountId(), sequence, at, event.errorMessage());
    }

    @EventHandler
    void on(OAuthStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markConnecting(event.accountId(), sequence, at);
    }

    @EventHandler
    void on(OAuthCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markConnected(event.accountId(), sequence, at);
    }

    @EventHandler
    void on(OAuthFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markFailed(event.accountId(), sequence, at, event.errorMessage());
    }

    @EventHandler
    void on(OAuthExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.restore(event.accountId(), sequence, at, event.restoredStatus(), event.restoredErrorMessage());
    }

    @EventHandler
    void on(AccountDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.markDeleted(event.accountId(), sequence, at);
    }

    @ResetHandler
    void reset() {
        accounts.deleteAll();
    }
}
