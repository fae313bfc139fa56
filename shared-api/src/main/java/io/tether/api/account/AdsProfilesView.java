package io.tether.api.account;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/** An account's Amazon Ads profiles (empty until they are fetched) and the one chosen, or null. */
public record AdsProfilesView(UUID accountId, @Nullable String profileId, List<AdsProfile> profiles) {
}
