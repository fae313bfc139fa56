package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a global integration's stored credentials for Tether itself, to check them at the service;
 * nothing is recorded until the outcome is ({@link RecordGlobalIntegrationCredentialsCheckCommand}).
 */
public record CheckGlobalIntegrationCredentialsCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId) {
}
