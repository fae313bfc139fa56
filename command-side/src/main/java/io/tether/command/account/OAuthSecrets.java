package io.tether.command.account;

import io.tether.command.credentials.CredentialOwner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * How an OAuth flow's secrets are kept: the state only as its SHA-256 hash, compared in constant time;
 * the PKCE code verifier sealed for its account under a field of its own, so that it can never be
 * mistaken for (or opened as) the account's credentials; the tokens sealed as the account's
 * credentials under the keys below.
 */
public final class OAuthSecrets {

    /** The key under which the sealed code verifier holds its value. */
    public static final String CODE_VERIFIER = "code_verifier";

    /** The credentials an OAuth flow stores, under these keys. */
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String ACCESS_TOKEN = "access_token";
    /** ISO-8601, so that whoever uses the access token knows when to stop. */
    public static final String ACCESS_TOKEN_EXPIRES_AT = "access_token_expires_at";
    public static final String SELLING_PARTNER_ID = "selling_partner_id";

    private OAuthSecrets() {
    }

    /** When the opened credentials' access token expires; null when they hold no (readable) expiry. */
    public static Instant accessTokenExpiresAt(Map<String, String> opened) {
        String value = opened.get(ACCESS_TOKEN_EXPIRES_AT);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The lower-case hex SHA-256 of the state's UTF-8 bytes. */
    public static String hashOfState(String state) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Whether two state hashes are the same, in time that does not depend on where they differ. */
    public static boolean sameHash(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    public static CredentialOwner codeVerifierOwner(UUID organizationId, UUID accountId) {
        return new CredentialOwner(organizationId, accountId, "oauth_code_verifier");
    }
}
