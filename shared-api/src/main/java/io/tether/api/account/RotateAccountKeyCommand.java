package io.tether.api.account;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Starts a new version of the account's credentials key and re-seals its current credentials with it. */
public record RotateAccountKeyCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId) {
}
