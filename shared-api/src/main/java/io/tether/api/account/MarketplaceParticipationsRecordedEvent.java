package io.tether.api.account;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The marketplaces the Selling Partner API account takes part in, recorded after it was connected. */
@Revision("1")
public record MarketplaceParticipationsRecordedEvent(UUID accountId, List<MarketplaceParticipation> participations) {

    public MarketplaceParticipationsRecordedEvent {
        participations = List.copyOf(participations);
    }
}
