package io.tether.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's sign-in: how long a one-time link ({@code POST /integrations/console-sessions}) may wait to be
 * opened. Short: it travels in an address bar, and the browser it signs in keeps a session of its own.
 */
@ConfigurationProperties("tether.console")
public record ConsoleProperties(@DefaultValue("2m") Duration linkTtl) {

    public ConsoleProperties {
        if (linkTtl.isNegative() || linkTtl.isZero()) {
            throw new IllegalStateException("tether.console.link-ttl must be positive; it is " + linkTtl);
        }
    }
}
