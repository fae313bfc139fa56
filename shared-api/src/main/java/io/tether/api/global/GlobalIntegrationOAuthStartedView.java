package io.tether.api.global;

import java.time.Instant;

/** The answer to {@link StartGlobalIntegrationOAuthCommand}: the integration, and until when the install's state works. */
public record GlobalIntegrationOAuthStartedView(GlobalIntegrationView integration, Instant expiresAt) {
}
