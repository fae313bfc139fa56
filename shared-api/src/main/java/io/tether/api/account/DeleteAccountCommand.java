package io.tether.api.account;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteAccountCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId) {
}
