package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The install ended with a token: the {@link GlobalIntegrationConnectedEvent} just before it holds the
 * sealed credentials. This event says where the app was installed (Slack's workspace id and name) and which scopes
 * were granted, none of it secret, so that the history shows it.
 */
@Revision("1")
public record GlobalIntegrationOAuthCompletedEvent(UUID integrationId, OAuthFlow flow, String workspaceId,
                                                   String workspaceName, String scopes) {
}
