package io.tether.api.oauth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The flow's deadline passed: its state is cleared and the account returns to where it was. Sent by Tether itself. */
public record ExpireOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash) {
}
