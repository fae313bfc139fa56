package io.tether.query.global;

import io.tether.api.global.GlobalIntegrationChanges;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.eventing.SendsNoMessages;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Builds the global integrations read model from the global integration events, each changing the row as
 * {@link GlobalIntegrationChanges} defines.
 */
@Component
@ProcessingGroup(GlobalIntegrationProjection.PROCESSING_GROUP)
@SendsNoMessages
class GlobalIntegrationProjection {

    static final String PROCESSING_GROUP = "global-integrations";

    private final GlobalIntegrationReadModel integrations;

    GlobalIntegrationProjection(GlobalIntegrationReadModel integrations) {
        this.integrations = integrations;
    }

    @EventHandler
    void on(GlobalIntegrationCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.insert(GlobalIntegrationChanges.created(event, at), sequence);
    }

    @EventHandler
    void on(GlobalIntegrationConnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event, at));
    }

    @EventHandler
    void on(GlobalIntegrationDisconnectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationCredentialsVerifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationCredentialsRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationDetailsChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationConfigChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationEnabledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationDisabledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(WebhookSecretRotatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @EventHandler
    void on(GlobalIntegrationDeletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        integrations.change(event.integrationId(), sequence, at, GlobalIntegrationChanges.of(event));
    }

    @ResetHandler
    void reset() {
        integrations.deleteAll();
    }
}
