package io.tether.api.account;

/** The APIs an integration account connects to, each belonging to one marketplace. */
public enum IntegrationType {
    /** Selling Partner API, Seller Central. */
    SP_API_SC(Marketplace.AMAZON),
    /** Selling Partner API, Vendor Central. */
    SP_API_VC(Marketplace.AMAZON),
    /** Amazon Advertising API. */
    ADS_API(Marketplace.AMAZON),
    /** Walmart Marketplace API. */
    WALMART_MP_API(Marketplace.WALMART);

    private final Marketplace marketplace;

    IntegrationType(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    public Marketplace marketplace() {
        return marketplace;
    }
}
