package io.tether.infrastructure.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified.
 *
 * <p>In production, the platform's identity provider signs them (RS256 or ES256): {@code issuerUri}
 * ({@code TETHER_JWT_ISSUER_URI}) finds its keys through OpenID discovery and requires the {@code iss}
 * claim to be exactly it; {@code jwkSetUri} ({@code TETHER_JWT_JWK_SET_URI}) names the key set directly
 * (with {@code issuerUri} too, the issuer is still checked, and no discovery happens).
 *
 * <p>When neither is set, {@code hmacSecret} ({@code TETHER_JWT_SECRET}) is the HS256 key, at least 32
 * bytes; when that is empty too a secret is generated once into the data directory, which suits a
 * developer machine only.
 *
 * <p>{@code audience} ({@code TETHER_JWT_AUDIENCE}), when set, must be among the token's {@code aud};
 * {@code clockSkew} is how far the clocks of the issuer and Tether may disagree on {@code exp} and {@code nbf}.
 */
@ConfigurationProperties("tether.security.jwt")
public record JwtProperties(String hmacSecret, String issuerUri, String jwkSetUri, String audience,
                            @DefaultValue("30s") Duration clockSkew) {

    public JwtProperties {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("tether.security.jwt.clock-skew must be between 0 and 5 minutes; it is "
                    + clockSkew);
        }
    }

    boolean usesIdentityProvider() {
        return present(issuerUri) || present(jwkSetUri);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
