package io.tether.command.oauth;

import io.tether.api.oauth.OAuthFlow;

/**
 * One of Tether's apps at Login with Amazon, complete. {@code applicationId} is the SP-API app's id
 * for the consent page, null for Amazon Ads.
 */
record LwaClientRegistration(OAuthFlow flow, String clientId, String clientSecret, String redirectUri,
                             String applicationId) {

    @Override
    public String toString() {
        return "LwaClientRegistration[flow=" + flow + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
