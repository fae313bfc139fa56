package io.tether.command.account;

import io.tether.api.account.IntegrationType;
import io.tether.api.oauth.OAuthFlow;
import java.util.UUID;

/** The OAuth flow asked for does not authorize this kind of account, e.g. Amazon Ads sign-in for a Seller Central account. */
public class OAuthFlowMismatchException extends RuntimeException {

    public OAuthFlowMismatchException(UUID accountId, IntegrationType integrationType, OAuthFlow flow) {
        super("Account " + accountId + " is a " + integrationType + " account, which the " + flow
                + " flow does not connect; " + (flow == OAuthFlow.ADS
                ? "Seller and Vendor Central accounts connect through /integrations/sp-api/auth-url"
                : integrationType == IntegrationType.ADS_API
                ? "Amazon Ads accounts connect through /integrations/ads/auth-url"
                : "this kind of account connects with credentials, not through Amazon"));
    }
}
