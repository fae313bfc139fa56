package io.tether.command.oauth;

/**
 * What Amazon's redirect carried: the authorization code (Amazon Ads' {@code code}, SP-API's
 * {@code spapi_oauth_code}) or an {@code error}, the state, and for SP-API the selling partner's id.
 */
record AmazonRedirect(String code, String state, String error, String errorDescription, String sellingPartnerId) {

    @Override
    public String toString() {
        return "AmazonRedirect[error=" + error + ", code=<redacted>, state=<redacted>]";
    }
}
