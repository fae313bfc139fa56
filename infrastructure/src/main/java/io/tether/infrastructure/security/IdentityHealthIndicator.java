package io.tether.infrastructure.security;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Up once Tether holds the identity provider's keys: until then no token can be verified, so readiness
 * (which includes this component) says DOWN. A probe fetches the keys when none are held, within the
 * fetch rate limit, so a node that started while the provider was down becomes ready once it is back.
 */
@Component("identity")
@Conditional(SecurityConfiguration.UsesIdentityProvider.class)
class IdentityHealthIndicator extends AbstractHealthIndicator {

    private final IdentityProviderKeys keys;

    IdentityHealthIndicator(IdentityProviderKeys keys) {
        super("Identity provider health check failed");
        this.keys = keys;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (keys.load()) {
            builder.up().withDetail("keys", "loaded");
        } else {
            builder.down().withDetail("keys", "unavailable: the identity provider's key set could not be fetched");
        }
    }
}
