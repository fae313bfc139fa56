package io.tether.api.account;

/** A marketplace a selling partner takes part in, as {@code GET /sellers/v1/marketplaceParticipations} says. */
public record MarketplaceParticipation(String marketplaceId, String countryCode, String name, boolean participating) {
}
