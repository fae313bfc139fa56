package io.tether.api.global;

import io.tether.api.oauth.OAuthValues;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The install's deadline passed while it was still pending: its state stops working. Sent by Tether itself. */
public record ExpireGlobalIntegrationOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash) {
}
