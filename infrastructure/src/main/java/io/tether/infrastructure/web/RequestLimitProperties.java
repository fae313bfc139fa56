package io.tether.infrastructure.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much a request body may hold ({@code maxRequestBytes}, 64 KiB by default; incoming webhooks keep
 * their own 1 MiB bound) and how deeply its JSON may nest ({@code maxJsonDepth}).
 */
@ConfigurationProperties("tether.security")
public record RequestLimitProperties(@DefaultValue("65536") long maxRequestBytes, @DefaultValue("32") int maxJsonDepth) {

    public RequestLimitProperties {
        if (maxRequestBytes < 1024 || maxJsonDepth < 4) {
            throw new IllegalStateException("tether.security.max-request-bytes must be at least 1024 and "
                    + "max-json-depth at least 4");
        }
    }
}
