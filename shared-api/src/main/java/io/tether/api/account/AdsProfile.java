package io.tether.api.account;

import jakarta.annotation.Nullable;

/**
 * One Amazon Ads advertising profile an account can act for, as {@code GET /v2/profiles} describes it: a
 * marketplace of a seller, vendor or agency account. Every call to the Ads API names one
 * ({@code Amazon-Advertising-API-Scope}).
 */
public record AdsProfile(String profileId, @Nullable String countryCode, @Nullable String currencyCode,
                         @Nullable String accountName, @Nullable String accountType) {
}
