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
 * (with {@code issuerUri} too, the issuer is still checked, and no discovery happens). Discovery and the
 * key set are fetched on first need, never at start: Tether starts while the provider is down.
 *
 * <p>When neither is set, {@code hmacSecret} ({@code TETHER_JWT_SECRET}) is the HS256 key, at least 32
 * bytes; when that is empty too a secret is generated once into the data directory, which suits a
 * developer machine only.
 *
 * <p>{@code audience} ({@code TETHER_JWT_AUDIENCE}), when set, must be among the token's {@code aud};
 * {@code clockSkew} is how far the clocks of the issuer and Tether may disagree on {@code exp} and {@code nbf};
 * a token whose {@code exp} lies more than {@code maxTokenLifetime} after its {@code iat} (or after now,
 * without {@code iat}) is refused.
 */
@ConfigurationProperties("tether.security.jwt")
public record JwtProperties(String hmacSecret, String issuerUri, String jwkSetUri, String audience,
                            @DefaultValue("30s") Duration clockSkew,
                            @DefaultValue("24h") Duration maxTokenLifetime,
                            @DefaultValue KeySet keySet) {

    public JwtProperties {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("tether.security.jwt.clock-skew must be between 0 and 5 minutes; it is "
                    + clockSkew);
        }
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalStateException("tether.security.jwt.max-token-lifetime must be positive; it is "
                    + maxTokenLifetime);
        }
    }

    boolean usesIdentityProvider() {
        return present(issuerUri) || present(jwkSetUri);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * How the identity provider's keys are fetched and kept.
     *
     * <p>{@code connectTimeout} and {@code readTimeout} bound each discovery and key-set call. The key set is
     * kept {@code cacheTimeToLive}: a key the provider removes is still accepted until then. When a fetch fails,
     * the last key set fetched is served for up to {@code outageTolerance} after it was fetched, so tokens under
     * its keys keep working through an outage. A token under a key id Tether does not hold makes it fetch the set
     * again, at most once per {@code minFetchInterval} whatever the traffic, and one fetch at a time.
     */
    public record KeySet(@DefaultValue("2s") Duration connectTimeout,
                         @DefaultValue("3s") Duration readTimeout,
                         @DefaultValue("5m") Duration cacheTimeToLive,
                         @DefaultValue("1h") Duration outageTolerance,
                         @DefaultValue("30s") Duration minFetchInterval) {

        public KeySet {
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalStateException("tether.security.jwt.key-set timeouts must be positive");
            }
            if (minFetchInterval.compareTo(cacheTimeToLive) >= 0) {
                throw new IllegalStateException("tether.security.jwt.key-set.min-fetch-interval (" + minFetchInterval
                        + ") must be shorter than cache-time-to-live (" + cacheTimeToLive + ")");
            }
            if (outageTolerance.compareTo(cacheTimeToLive) < 0) {
                throw new IllegalStateException("tether.security.jwt.key-set.outage-tolerance (" + outageTolerance
                        + ") must be at least cache-time-to-live (" + cacheTimeToLive + ")");
            }
        }

        static KeySet defaults() {
            return new KeySet(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(5), Duration.ofHours(1),
                    Duration.ofSeconds(30));
        }
    }
}
