package io.tether.infrastructure.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API ({@code TETHER_CORS_ALLOWED_ORIGINS}, comma-separated; by
 * default the frontend's origin, {@code TETHER_FRONTEND_ORIGIN}). None when empty.
 */
@ConfigurationProperties("tether.security.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
