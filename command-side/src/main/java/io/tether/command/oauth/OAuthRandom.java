package io.tether.command.oauth;

import io.tether.infrastructure.RandomBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.stereotype.Component;

/** The unguessable values of an OAuth flow: its state, its PKCE code verifier, and the page nonces. */
@Component
class OAuthRandom {

    /** 256 bits each: twice the 128 that make a state or a verifier unguessable. */
    private static final int BYTES = 32;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** 43 base64url characters. */
    String newState() {
        return randomBase64Url(BYTES);
    }

    /** 43 base64url characters, within the 43 to 128 unreserved characters that RFC 7636 allows. */
    String newCodeVerifier() {
        return randomBase64Url(BYTES);
    }

    /** For a Content-Security-Policy nonce: 128 bits. */
    String newNonce() {
        return randomBase64Url(16);
    }

    /** The S256 code challenge: base64url of the verifier's SHA-256, unpadded (RFC 7636 section 4.2). */
    static String codeChallenge(String codeVerifier) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private String randomBase64Url(int bytes) {
        byte[] value = RandomBytes.next(bytes);
        return BASE64URL.encodeToString(value);
    }
}
