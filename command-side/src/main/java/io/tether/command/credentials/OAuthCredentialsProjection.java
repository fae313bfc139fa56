package io.tether.command.credentials;

import io.tether.api.oauth.AccessTokenRefreshedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * The credentials that OAuth flows and token refreshes store, kept in {@code account_credentials} like
 * those of a connect, in the same processing group and so in the transaction that appends the events.
 */
@Component
@ProcessingGroup(CurrentCredentialsProjection.PROCESSING_GROUP)
class OAuthCredentialsProjection {

    private final CurrentCredentials currentCredentials;

    OAuthCredentialsProjection(CurrentCredentials currentCredentials) {
        this.currentCredentials = currentCredentials;
    }

    @EventHandler
    void on(OAuthCompletedEvent event, @Timestamp Instant at) {
        currentCredentials.store(event.accountId(), event.credentials(), at);
    }

    @EventHandler
    void on(AccessTokenRefreshedEvent event, @Timestamp Instant at) {
        currentCredentials.store(event.accountId(), event.credentials(), at);
    }
}
