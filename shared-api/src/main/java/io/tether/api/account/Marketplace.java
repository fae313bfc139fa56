package io.tether.api.account;

/** The marketplaces an organization can connect accounts on. */
public enum Marketplace {
    AMAZON,
    WALMART
}
