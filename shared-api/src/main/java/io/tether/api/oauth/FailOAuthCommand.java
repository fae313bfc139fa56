package io.tether.api.oauth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The redeemed flow failed (Amazon refused, or its token endpoint did): the account goes to ERROR. */
public record FailOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash,
        @NotBlank @Size(max = 1000) String errorMessage) {
}
