package io.tether.command.global;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.global.GlobalIntegrationChanges;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsReadEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsShreddedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.GlobalIntegrationKeyRotatedEvent;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.WebhookDeliveryReceivedEvent;
import io.tether.api.global.WebhookSecretRotatedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The aggregate keeps its own state (credentials, webhook secret, shredding), so its event-sourcing handlers
 * are not {@link GlobalIntegrationChanges}, the definition the read model, the notices and the audit's
 * point-in-time view share. They must agree on everything the API shows: each sequence of events is replayed
 * through the aggregate, as Axon applies events to it, and through {@link GlobalIntegrationChanges}, and after
 * every event the two views are the same. After a deletion the API shows the integration no more (every command
 * is refused as not found), and the aggregate's status, derived from credentials it no longer holds, is not
 * compared: the tombstone keeps the status it had, the rest must still agree.
 */
class GlobalIntegrationChangesAgreeWithTheAggregateTest {

    private static final UUID INTEGRATION_ID = UUID.randomUUID();
    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final EncryptedCredentials RESEALED = new EncryptedCredentials("local:v2:BBBB");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final AggregateModel<GlobalIntegration> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(GlobalIntegration.class);

    static Stream<Arguments> histories() {
        return Stream.of(
                history("connect, refused, recovered, disconnect",
                        connected(), rejected("The token was revoked"), verified(true), disconnected()),
                history("details, config, disabled and enabled again",
                        new GlobalIntegrationDetailsChangedEvent(INTEGRATION_ID, "Renamed", "Now described", null),
                        new GlobalIntegrationConfigChangedEvent(INTEGRATION_ID, Map.of("channel", "#ops")),
                        new GlobalIntegrationDisabledEvent(INTEGRATION_ID), new GlobalIntegrationEnabledEvent(INTEGRATION_ID)),
                history("secrets and keys rotated, credentials read, deliveries received",
                        connected(), new WebhookSecretRotatedEvent(INTEGRATION_ID, RESEALED),
                        new GlobalIntegrationKeyRotatedEvent(INTEGRATION_ID, 2, RESEALED, RESEALED),
                        new GlobalIntegrationCredentialsReadEvent(INTEGRATION_ID, 2, "sync"),
                        new WebhookDeliveryReceivedEvent(INTEGRATION_ID, "d-1", "c".repeat(64), T0, "message")),
                history("refused, then new credentials clear the error",
                        connected(), rejected("expired"), connected(), verified(false)),
                history("deleted while in error, then shredded",
                        connected(), rejected("expired"), new GlobalIntegrationDeletedEvent(INTEGRATION_ID),
                        new GlobalIntegrationCredentialsShreddedEvent(INTEGRATION_ID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void afterEveryEvent_theAggregateShowsWhatTheSharedDefinitionGives(String history, List<Object> events) {
        GlobalIntegration aggregate = new GlobalIntegration();
        GlobalIntegrationCreatedEvent created = new GlobalIntegrationCreatedEvent(INTEGRATION_ID, ORGANIZATION_ID, null,
                "slack", "Slack", null, null, true, Map.of("team", "T1"), SEALED, "alice");
        apply(aggregate, created, 0, T0);
        GlobalIntegrationView shared = GlobalIntegrationChanges.created(created, T0);
        assertThat(aggregate.view()).isEqualTo(shared);

        boolean deleted = false;
        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            Instant at = T0.plusSeconds(60L * (i + 1));
            apply(aggregate, event, i + 1, at);
            GlobalIntegrationView before = shared;
            shared = GlobalIntegrationChanges.of(event, at)
                    .map(change -> GlobalIntegrationChanges.apply(before, change, at)).orElse(before);
            deleted |= event instanceof GlobalIntegrationDeletedEvent;

            if (deleted) {
                assertThat(aggregate.view()).as("after %s", event.getClass().getSimpleName())
                        .usingRecursiveComparison().ignoringFields("status", "errorMessage").isEqualTo(shared);
            } else {
                assertThat(aggregate.view()).as("after %s", event.getClass().getSimpleName()).isEqualTo(shared);
            }
        }
    }

    private static void apply(GlobalIntegration aggregate, Object event, long sequence, Instant at) {
        MODEL.publish(new GenericDomainEventMessage<>(MODEL.type(), INTEGRATION_ID.toString(), sequence, event, Map.of(),
                UUID.randomUUID().toString(), at), aggregate);
    }

    private static Arguments history(String name, Object... events) {
        return Arguments.of(name, List.of(events));
    }

    private static GlobalIntegrationConnectedEvent connected() {
        return new GlobalIntegrationConnectedEvent(INTEGRATION_ID, SEALED);
    }

    private static GlobalIntegrationDisconnectedEvent disconnected() {
        return new GlobalIntegrationDisconnectedEvent(INTEGRATION_ID);
    }

    private static GlobalIntegrationCredentialsRejectedEvent rejected(String reason) {
        return new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION_ID, reason);
    }

    private static GlobalIntegrationCredentialsVerifiedEvent verified(boolean recovered) {
        return new GlobalIntegrationCredentialsVerifiedEvent(INTEGRATION_ID, recovered);
    }
}
