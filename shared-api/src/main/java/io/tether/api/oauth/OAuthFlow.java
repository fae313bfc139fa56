package io.tether.api.oauth;

import io.tether.api.account.IntegrationType;
import java.util.Set;

/**
 * The ways a user authorizes Tether at a provider: Amazon's two, each for its own kinds of account, and
 * Slack's app install, for a global integration of the {@code slack} service.
 */
public enum OAuthFlow {
    /** Login with Amazon for the Amazon Ads API, with PKCE. */
    ADS(Set.of(IntegrationType.ADS_API), null, true),
    /** The Selling Partner API's website authorization, from Seller Central or Vendor Central. */
    SP_API(Set.of(IntegrationType.SP_API_SC, IntegrationType.SP_API_VC), null, false),
    /**
     * Slack's OAuth v2 app install, which leaves a bot token. Without PKCE: Slack offers it to apps that cannot
     * keep a client secret, and Tether authenticates its code exchange with its own.
     */
    SLACK(Set.of(), "slack", false);

    private final Set<IntegrationType> integrationTypes;
    private final String serviceName;
    private final boolean usesPkce;

    OAuthFlow(Set<IntegrationType> integrationTypes, String serviceName, boolean usesPkce) {
        this.integrationTypes = integrationTypes;
        this.serviceName = serviceName;
        this.usesPkce = usesPkce;
    }

    public boolean authorizes(IntegrationType integrationType) {
        return integrationTypes.contains(integrationType);
    }

    /** Whether the flow connects a global integration of this catalog service. */
    public boolean installs(String serviceName) {
        return this.serviceName != null && this.serviceName.equals(serviceName);
    }

    /** Whether the flow sends a PKCE code challenge (the SP-API consent page takes none). */
    public boolean usesPkce() {
        return usesPkce;
    }
}
