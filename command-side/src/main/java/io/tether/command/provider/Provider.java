package io.tether.command.provider;

import io.tether.api.catalog.CatalogEntry;
import java.util.Optional;
import java.util.Set;

/**
 * One integration of the catalog as Tether talks to it: Amazon Ads, the Selling Partner API (Seller and
 * Vendor Central), Walmart Marketplace, Slack, ClickUp, GitHub, Jira, Linear. Adding an integration is
 * adding its catalog entry and one implementation of this, as a Spring bean; {@link Providers} refuses to
 * start with a catalog entry that has none. Where the provider is reached is a setting
 * ({@link ProviderProperties}), so that tests and users can point it at a stand-in or a sandbox.
 */
public interface Provider {

    /** The catalog entry this implements; its JSON Schema is the shape of the credentials (and config) it takes. */
    CatalogEntry entry();

    /**
     * Asks the provider whether the credentials work, with the least it offers for that (the authenticated
     * user; by default, obtaining an access token). Never retried here.
     *
     * @return accepted, or refused with a reason an admin can act on
     * @throws ProviderUnavailableException when the provider cannot be reached, fails, limits the rate or
     *                                      does not answer in time: the credentials are neither good nor bad
     */
    default Verification verify(ProviderCredentials credentials) {
        try {
            if (accessToken(credentials).isEmpty()) {
                throw new IllegalStateException(entry().slug() + " has no access token to check its credentials with");
            }
            return Verification.ACCEPTED;
        } catch (CredentialsRefusedException e) {
            return Verification.rejected(e.getMessage());
        }
    }

    /**
     * A fresh access token for credentials that are exchanged for short-lived ones (Login with Amazon,
     * Walmart's client credentials); empty for a provider whose credentials are used as they are.
     *
     * @throws ProviderUnavailableException as {@link #verify}
     * @throws CredentialsRefusedException  when the provider refuses the credentials
     */
    default Optional<AccessToken> accessToken(ProviderCredentials credentials) {
        return Optional.empty();
    }

    /** What Tether does for the integration once it is connected. */
    default Set<AfterConnect> afterConnect() {
        return Set.of();
    }

    /** What an integration needs once connected. */
    enum AfterConnect {
        /**
         * Its credentials are always exchanged for an access token (Walmart's client credentials): the first at
         * connect, then again before each expires, by the account's one refresh task.
         */
        KEEP_ACCESS_TOKEN_FRESH,
        /** An admin chooses the Amazon Ads advertising profile that workers act for. */
        CHOOSE_ADVERTISING_PROFILE,
        /** The seller's marketplace participations are recorded. */
        RECORD_MARKETPLACE_PARTICIPATIONS
    }
}
