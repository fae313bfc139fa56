package io.tether.query.account;

import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountCredentialsRejectedEvent;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
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

/** Builds the accounts read model from the account events, each changing the row as {@link AccountChanges} defines. */
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
        accounts.insert(AccountChanges.created(event, at), sequence);
    }

    @EventHandler
    void on(AccountConnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event, at));
    }

    @EventHandler
    void on(AccountDisconnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(AccountMarkedFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(AccountCredentialsVerifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(AccountCredentialsRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(OAuthStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(OAuthCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event, at));
    }

    @EventHandler
    void on(OAuthFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(OAuthExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @EventHandler
    void on(AccountDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        accounts.change(event.accountId(), sequence, at, AccountChanges.of(event));
    }

    @ResetHandler
    void reset() {
        accounts.deleteAll();
    }
}
