package io.tether.command.oauth;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import java.net.URI;
import org.springframework.web.util.UriComponentsBuilder;

/** Where Amazon asks the user to authorize Tether: Login with Amazon for Amazon Ads, the consent page of Seller or Vendor Central for SP-API. */
final class AmazonAuthorizationUrls {

    static final String ADS_SCOPE = "advertising::campaign_management";

    private AmazonAuthorizationUrls() {
    }

    /**
     * @param codeVerifier the flow's PKCE verifier, whose S256 challenge the URL carries; null for SP-API
     * @param beta         whether the SP-API app is in draft and its consent page needs {@code version=beta}
     */
    static URI of(LwaClientRegistration client, IntegrationType integrationType, Region region, String state,
                  String codeVerifier, boolean beta) {
        if (client.flow() == OAuthFlow.ADS) {
            return UriComponentsBuilder.fromUriString(loginWithAmazon(region))
                    .queryParam("client_id", client.clientId())
                    .queryParam("scope", ADS_SCOPE)
                    .queryParam("response_type", "code")
                    .queryParam("redirect_uri", client.redirectUri())
                    .queryParam("state", state)
                    .queryParam("code_challenge", OAuthRandom.codeChallenge(codeVerifier))
                    .queryParam("code_challenge_method", "S256")
                    .encode().build().toUri();
        }
        UriComponentsBuilder consent = UriComponentsBuilder.fromUriString(
                        (integrationType == IntegrationType.SP_API_VC ? vendorCentral(region) : sellerCentral(region))
                                + "/apps/authorize/consent")
                .queryParam("application_id", client.applicationId())
                .queryParam("state", state)
                .queryParam("redirect_uri", client.redirectUri());
        if (beta) {
            consent.queryParam("version", "beta");
        }
        return consent.encode().build().toUri();
    }

    private static String loginWithAmazon(Region region) {
        return switch (region) {
            case NA -> "https://www.amazon.com/ap/oa";
            case EU -> "https://eu.account.amazon.com/ap/oa";
            case FE -> "https://apac.account.amazon.com/ap/oa";
            default -> throw new IllegalArgumentException(region + " is not an Amazon region");
        };
    }

    private static String sellerCentral(Region region) {
        return switch (region) {
            case NA -> "https://sellercentral.amazon.com";
            case EU -> "https://sellercentral-europe.amazon.com";
            case FE -> "https://sellercentral.amazon.co.jp";
            default -> throw new IllegalArgumentException(region + " is not an Amazon region");
        };
    }

    private static String vendorCentral(Region region) {
        return switch (region) {
            case NA -> "https://vendorcentral.amazon.com";
            case EU -> "https://vendorcentral.amazon.co.uk";
            case FE -> "https://vendorcentral.amazon.co.jp";
            default -> throw new IllegalArgumentException(region + " is not an Amazon region");
        };
    }
}
