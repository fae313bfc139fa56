package io.tether.api.account;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The marketplace participations fetched for a Selling Partner API account after it was connected. */
public record RecordMarketplaceParticipationsCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull List<MarketplaceParticipation> participations) {
}
