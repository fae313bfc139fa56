package io.tether.infrastructure.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers the tokens the decoder has verified, so that a worker calling with the same token again is not parsed
 * and its signature not checked on every request. What can change for a token still counts on every use: the
 * validators run again on the remembered token (expiry and not-before with the clock skew, the lifetime, issuer,
 * audience, a certificate binding), and the key that verified it must still be among the keys Tether holds for its
 * header, so a key the identity provider removes refuses its tokens as soon as the key set Tether holds no longer has
 * it, as without this cache. A remembered token that fails either goes to the decoder again, which refuses it with
 * its own answer. A token is verified twice on its first use (by the decoder, then against the keys held, since the
 * decoder does not say which key verified it), and not again on later uses. Bounded in count and in age: a token
 * is a few kilobytes, and a worker calls with few.
 */
final class VerifiedTokens implements JwtDecoder {

    static final int MAXIMUM_TOKENS = 1_000;
    static final Duration MAXIMUM_AGE = Duration.ofMinutes(5);

    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final JWSKeySelector<SecurityContext> keys;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(MAXIMUM_TOKENS)
            .expireAfterWrite(MAXIMUM_AGE)
            .build();

    /**
     * @param decoder   checks the signature and runs the validator
     * @param validator the decoder's validator
     * @param keys      the decoder's key selector, which names the keys that verify a token with a given header
     */
    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, JWSKeySelector<SecurityContext> keys) {
        this.decoder = decoder;
        this.validator = validator;
        this.keys = keys;
    }

    @Override
    public Jwt decode(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null && stillValid(known)) {
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        // The key that verifies it among those Tether holds for it now, as the decoder found it moments ago.
        SignedJWT signed = signed(token);
        Key key = signed == null ? null : verifyingKey(signed);
        if (key != null) {
            verified.put(token, new Verified(jwt, signed.getHeader(), key));
        } else {
            verified.invalidate(token);
        }
        return jwt;
    }

    private boolean stillValid(Verified known) {
        if (validator.validate(known.jwt()).hasErrors()) {
            return false;
        }
        List<? extends Key> held = keysFor(known.header());
        return held != null && held.contains(known.key());
    }

    private static SignedJWT signed(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            return null;
        }
    }

    /** The key among those Tether holds for the token's header that verifies it; null when none does. */
    private Key verifyingKey(SignedJWT signed) {
        List<? extends Key> held = keysFor(signed.getHeader());
        if (held == null) {
            return null;
        }
        for (Key key : held) {
            try {
                if (signed.verify(VERIFIERS.createJWSVerifier(signed.getHeader(), key))) {
                    return key;
                }
            } catch (JOSEException | IllegalStateException e) {
                // Not a key for this token's algorithm: the next one.
            }
        }
        return null;
    }

    /** The keys that verify a token with this header now; null when the key source cannot say. */
    private List<? extends Key> keysFor(JWSHeader header) {
        try {
            return keys.selectJWSKeys(header, null);
        } catch (KeySourceException e) {
            return null;
        }
    }

    private record Verified(Jwt jwt, JWSHeader header, Key key) {
    }
}
