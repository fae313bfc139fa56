package io.tether.command.credentials;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AdsProfile;
import io.tether.api.account.AdsProfileChosenEvent;
import io.tether.api.account.AdsProfilesFetchedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code account_credentials} (and {@code account_ads_profiles}) in step with the accounts, in the transaction that appends their
 * events (a subscribing processor that lets failures roll the command back).
 */
@Component
@ProcessingGroup(CurrentCredentialsProjection.PROCESSING_GROUP)
class CurrentCredentialsProjection {

    static final String PROCESSING_GROUP = "current-credentials";

    private final CurrentCredentials currentCredentials;

    CurrentCredentialsProjection(CurrentCredentials currentCredentials) {
        this.currentCredentials = currentCredentials;
    }

    @EventHandler
    void on(AccountConnectedEvent event, @Timestamp Instant at) {
        currentCredentials.store(event.accountId(), event.credentials(), at);
    }

    @EventHandler
    void on(AccountKeyRotatedEvent event, @Timestamp Instant at) {
        if (event.credentials() != null) {
            currentCredentials.store(event.accountId(), event.credentials(), at);
        }
    }

    @EventHandler
    void on(AdsProfileChosenEvent event) {
        currentCredentials.chooseAdsProfile(event.accountId(), event.profileId());
    }

    @EventHandler
    void on(AdsProfilesFetchedEvent event) {
        currentCredentials.keepAdsProfileAmong(event.accountId(), event.profiles().stream().map(AdsProfile::profileId).toList());
    }

    @EventHandler
    void on(AccountDisconnectedEvent event) {
        currentCredentials.remove(event.accountId());
    }

    @EventHandler
    void on(AccountDeletedEvent event) {
        currentCredentials.remove(event.accountId());
    }
}
