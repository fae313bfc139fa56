package io.tether.api.account;

import java.util.List;
import java.util.UUID;

/** An account's Amazon Ads profiles (empty until they are fetched) and the one chosen, or null. */
public record AdsProfilesView(UUID accountId, String profileId, List<AdsProfile> profiles) {
}
