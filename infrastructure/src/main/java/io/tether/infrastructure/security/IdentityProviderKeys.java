package io.tether.infrastructure.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWithHealthStatusReporting;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jose.util.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * The identity provider's signing keys, as Nimbus's JWK source keeps them: every discovery and key-set call
 * bounded by a connect and a read timeout; the set cached, one fetch at a time; a failed fetch answered with
 * the last set fetched while it is younger than the outage tolerance; fetches for key ids Tether does not
 * hold at most one per interval. Nothing is fetched at start: the first token, or the first readiness probe, fetches.
 */
final class IdentityProviderKeys {

    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    private final JWKSource<SecurityContext> source;
    /** Whether the last fetch that reached the provider (or the outage cache behind it) gave Tether a key set. */
    private volatile boolean keysHeld;

    IdentityProviderKeys(JwtProperties properties) {
        JwtProperties.KeySet settings = properties.keySet();
        ResourceRetriever retriever = new DefaultResourceRetriever(
                Math.toIntExact(settings.connectTimeout().toMillis()), Math.toIntExact(settings.readTimeout().toMillis()),
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        JWKSetSource<SecurityContext> keySet = JwtProperties.present(properties.jwkSetUri())
                ? new URLBasedJWKSetSource<>(url(properties.jwkSetUri().strip()), retriever)
                : new DiscoveredKeySet(properties.issuerUri().strip(), retriever);
        // Threads waiting for another's fetch wait no longer than that fetch can take.
        long fetchAtMost = settings.connectTimeout().plus(settings.readTimeout()).toMillis();
        // Nimbus's own decorators in the order its JWKSourceBuilder stacks them, with one change: its rate limit
        // lets two fetches through per interval (one kept for a rotation), ours one. The cache above it makes the
        // fetch single-flight; no refresh ahead of expiry, which would need a thread of its own for a gain only
        // at expiry.
        JWKSetSource<SecurityContext> outageTolerant =
                new OutageTolerantJWKSetSource<>(keySet, settings.outageTolerance().toMillis(), null);
        JWKSetSource<SecurityContext> reporting = new JWKSetSourceWithHealthStatusReporting<>(outageTolerant,
                report -> keysHeld = report.getHealthStatus() == HealthStatus.HEALTHY);
        JWKSetSource<SecurityContext> limited = new OneFetchPerInterval(reporting, settings.minFetchInterval().toMillis());
        this.source = new JWKSetBasedJWKSource<>(
                new CachingJWKSetSource<>(limited, settings.cacheTimeToLive().toMillis(), fetchAtMost + 1_000, null));
    }

    /**
     * The keys for the decoder. A key id that is not in the set Tether holds, asked for while the rate limit
     * allows no fetch, has no key: its token is refused (401) rather than answered as an outage.
     */
    JWKSource<SecurityContext> source() {
        return (selector, context) -> {
            try {
                return source.get(selector, context);
            } catch (RateLimitReachedException e) {
                if (keysHeld) {
                    return List.of();
                }
                throw e;
            }
        };
    }

    /** Fetches the key set when none is held (within the rate limit); true when Tether holds at least one key. */
    boolean load() {
        try {
            List<JWK> keys = source.get(ANY_KEY, null);
            return !keys.isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }

    private static URL url(String address) {
        try {
            return URI.create(address).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Not a URL: " + address, e);
        }
    }

    /**
     * At most one fetch per interval, whatever the traffic; a fetch asked for sooner is refused with Nimbus's
     * {@link RateLimitReachedException}. The cache refreshes the set at each fetch and its lifetime is longer
     * than the interval, so a fetch on expiry is never refused: only fetches for unknown key ids are.
     */
    private static final class OneFetchPerInterval extends JWKSetSourceWrapper<SecurityContext> {

        private final long intervalMillis;
        private long nextFetchAllowedAt = Long.MIN_VALUE;

        OneFetchPerInterval(JWKSetSource<SecurityContext> source, long intervalMillis) {
            super(source);
            this.intervalMillis = intervalMillis;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            synchronized (this) {
                if (currentTime < nextFetchAllowedAt) {
                    throw new RateLimitReachedException();
                }
                nextFetchAllowedAt = currentTime + intervalMillis;
            }
            return getSource().getJWKSet(refreshEvaluator, currentTime, context);
        }
    }

    /**
     * The key set at the address the issuer's OpenID configuration names, discovered on the first fetch (and
     * again on each fetch until discovery has succeeded), never at start.
     */
    private static final class DiscoveredKeySet implements JWKSetSource<SecurityContext> {

        private final String issuer;
        private final ResourceRetriever retriever;
        private volatile JWKSetSource<SecurityContext> keySet;

        DiscoveredKeySet(String issuer, ResourceRetriever retriever) {
            this.issuer = issuer;
            this.retriever = retriever;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            JWKSetSource<SecurityContext> discovered = keySet;
            if (discovered == null) {
                discovered = discover();
                keySet = discovered;
            }
            return discovered.getJWKSet(refreshEvaluator, currentTime, context);
        }

        private JWKSetSource<SecurityContext> discover() throws KeySourceException {
            String configuration = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                    + "/.well-known/openid-configuration";
            try {
                Map<String, Object> metadata = JSONObjectUtils.parse(retriever.retrieveResource(url(configuration)).getContent());
                if (!issuer.equals(JSONObjectUtils.getString(metadata, "issuer"))) {
                    throw new JWKSetUnavailableException("The OpenID configuration at " + configuration
                            + " names another issuer");
                }
                String jwksUri = JSONObjectUtils.getString(metadata, "jwks_uri");
                if (jwksUri == null) {
                    throw new JWKSetUnavailableException("The OpenID configuration at " + configuration
                            + " names no jwks_uri");
                }
                return new URLBasedJWKSetSource<>(url(jwksUri), retriever);
            } catch (IOException | ParseException | IllegalStateException e) {
                throw new JWKSetUnavailableException("OpenID discovery at " + configuration + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            JWKSetSource<SecurityContext> discovered = keySet;
            if (discovered != null) {
                discovered.close();
            }
        }
    }
}
