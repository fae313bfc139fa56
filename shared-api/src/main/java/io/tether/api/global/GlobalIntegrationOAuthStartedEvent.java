package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * An app install began for the global integration (Slack's OAuth v2): until it completes, fails or expires,
 * the integration keeps its status and credentials. The event keeps the state's hex SHA-256 hash only. A new
 * install replaces a pending one.
 */
@Revision("1")
public record GlobalIntegrationOAuthStartedEvent(UUID integrationId, OAuthFlow flow, String stateHash, Instant expiresAt) {
}
