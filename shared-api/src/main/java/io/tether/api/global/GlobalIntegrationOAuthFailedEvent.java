package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The install ended without a token (denied, or the provider refused the code): the integration keeps the
 * status and credentials it had, and {@code errorMessage} says what to do.
 */
@Revision("1")
public record GlobalIntegrationOAuthFailedEvent(UUID integrationId, OAuthFlow flow, String errorMessage) {
}
