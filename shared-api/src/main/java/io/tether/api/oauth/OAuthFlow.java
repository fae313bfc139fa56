package io.tether.api.oauth;

import io.tether.api.account.IntegrationType;
import java.util.Set;

/** The two ways Amazon lets a user authorize Tether, each for its own kinds of account. */
public enum OAuthFlow {
    /** Login with Amazon for the Amazon Ads API, with PKCE. */
    ADS(Set.of(IntegrationType.ADS_API), true),
    /** The Selling Partner API's website authorization, from Seller Central or Vendor Central. */
    SP_API(Set.of(IntegrationType.SP_API_SC, IntegrationType.SP_API_VC), false);

    private final Set<IntegrationType> integrationTypes;
    private final boolean usesPkce;

    OAuthFlow(Set<IntegrationType> integrationTypes, boolean usesPkce) {
        this.integrationTypes = integrationTypes;
        this.usesPkce = usesPkce;
    }

    public boolean authorizes(IntegrationType integrationType) {
        return integrationTypes.contains(integrationType);
    }

    /** Whether the flow sends a PKCE code challenge (the SP-API consent page takes none). */
    public boolean usesPkce() {
        return usesPkce;
    }
}
