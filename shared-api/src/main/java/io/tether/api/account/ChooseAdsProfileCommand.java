package io.tether.api.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin chooses which of the account's Amazon Ads profiles workers act for. */
public record ChooseAdsProfileCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotBlank @Pattern(regexp = "[0-9]{1,32}", message = "must be a profile's numeric id") String profileId) {
}
