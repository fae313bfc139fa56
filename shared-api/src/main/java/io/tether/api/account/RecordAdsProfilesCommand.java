package io.tether.api.account;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The Amazon Ads profiles fetched for an account after its OAuth flow. */
public record RecordAdsProfilesCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull List<AdsProfile> profiles) {
}
