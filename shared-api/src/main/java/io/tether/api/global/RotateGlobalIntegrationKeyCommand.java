package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts a new version of the integration's key and re-seals its credentials and webhook secret with it. */
public record RotateGlobalIntegrationKeyCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId) {
}
