package io.tether.command.oauth;

/**
 * What the provider's redirect carried: the authorization code (Amazon Ads' and Slack's {@code code}, SP-API's
 * {@code spapi_oauth_code}) or an {@code error}, the state, and for SP-API the selling partner's id.
 */
record OAuthRedirect(String code, String state, String error, String errorDescription, String sellingPartnerId) {

    @Override
    public String toString() {
        return "OAuthRedirect[error=" + error + ", code=<redacted>, state=<redacted>]";
    }
}
