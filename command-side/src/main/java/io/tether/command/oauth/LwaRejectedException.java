package io.tether.command.oauth;

/** Login with Amazon refused the grant, e.g. {@code invalid_grant}: trying the same again will not help. */
class LwaRejectedException extends RuntimeException {

    static final String INVALID_GRANT = "invalid_grant";

    private final String error;
    private final String description;

    LwaRejectedException(String error, String description, int status) {
        super("Amazon's token endpoint refused the grant with HTTP " + status + " " + error);
        this.error = error;
        this.description = description;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}, {@code invalid_client}. */
    String error() {
        return error;
    }

    /** Amazon's own words, or null. */
    String description() {
        return description;
    }

    boolean isInvalidGrant() {
        return INVALID_GRANT.equals(error);
    }
}
