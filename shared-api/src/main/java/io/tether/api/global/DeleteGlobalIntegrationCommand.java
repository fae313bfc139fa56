package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteGlobalIntegrationCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId) {
}
