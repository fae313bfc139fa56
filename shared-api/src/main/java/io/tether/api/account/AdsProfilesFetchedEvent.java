package io.tether.api.account;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The Amazon Ads profiles the account's authorization reaches, fetched after its OAuth flow; none of them secret. */
@Revision("1")
public record AdsProfilesFetchedEvent(UUID accountId, List<AdsProfile> profiles) {

    public AdsProfilesFetchedEvent {
        profiles = List.copyOf(profiles);
    }
}
