package io.tether.infrastructure.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests allowed on every endpoint per {@code period}: {@code perPrincipal} for each authenticated
 * caller (the token's subject within its organization), {@code perIp} for each client address, whether
 * or not it authenticated. 0 turns a limit off; {@code enabled=false} turns both off. The OAuth endpoints
 * keep their own, stricter limits ({@code tether.amazon.rate-limits}) on top.
 */
@ConfigurationProperties("tether.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("600") int perPrincipal,
        @DefaultValue("1200") int perIp,
        @DefaultValue("1m") Duration period) {

    public RateLimitProperties {
        if (perPrincipal < 0 || perIp < 0 || period.isNegative() || period.isZero()) {
            throw new IllegalStateException("tether.rate-limits: limits cannot be negative, and the period must be positive");
        }
    }

    boolean limitsPrincipals() {
        return enabled && perPrincipal > 0;
    }

    boolean limitsIps() {
        return enabled && perIp > 0;
    }
}
