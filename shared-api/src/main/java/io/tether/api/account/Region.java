package io.tether.api.account;

/** Marketplace regions: Amazon's three API regions and Walmart's three countries. */
public enum Region {
    NA(Marketplace.AMAZON),
    EU(Marketplace.AMAZON),
    FE(Marketplace.AMAZON),
    US(Marketplace.WALMART),
    CA(Marketplace.WALMART),
    MX(Marketplace.WALMART);

    private final Marketplace marketplace;

    Region(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    public Marketplace marketplace() {
        return marketplace;
    }
}
