package io.tether.api.global;

import io.tether.api.oauth.OAuthValues;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The redeemed install failed (denied, or the provider refused the code): recorded, the integration unchanged. */
public record FailGlobalIntegrationOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash,
        @NotBlank @Size(max = 1000) String errorMessage) {
}
