package io.tether.api.account;

import java.util.UUID;

/** The Amazon Ads profiles of one of the organization's accounts, answered by an {@link AdsProfilesView}. */
public record FindAdsProfilesQuery(UUID organizationId, UUID accountId) {
}
