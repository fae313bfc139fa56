package io.tether.api.oauth;

import java.time.Duration;

/** The shapes of the values an OAuth flow passes around, for the checks on the messages that carry them. */
public final class OAuthValues {

    /** An OAuth state as Tether makes them: 32 to 128 base64url characters, so at least 192 random bits. */
    public static final String STATE = "[A-Za-z0-9_-]{32,128}";
    /** A PKCE code verifier (RFC 7636 section 4.1). */
    public static final String CODE_VERIFIER = "[A-Za-z0-9._~-]{43,128}";
    /** A hex SHA-256 digest, as events keep a state. */
    public static final String STATE_HASH = "[0-9a-f]{64}";

    private OAuthValues() {
    }

    /** A state's lifetime, as a start command gives it: null is left to {@code @NotNull}; anything else must be positive. */
    public static void requirePositiveLifetime(Duration lifetime) {
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
            throw new IllegalArgumentException("An OAuth state's lifetime must be positive");
        }
    }
}
