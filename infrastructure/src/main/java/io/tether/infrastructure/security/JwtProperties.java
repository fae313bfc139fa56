package io.tether.infrastructure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified. {@code hmacSecret} (environment variable {@code TETHER_JWT_SECRET})
 * is the HS256 key, at least 32 bytes; when it is empty a secret is generated once into the data
 * directory, which suits a developer machine only.
 */
@ConfigurationProperties("tether.security.jwt")
public record JwtProperties(String hmacSecret) {
}
