package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The install was abandoned: its state no longer works; the integration is as it was before it began. */
@Revision("1")
public record GlobalIntegrationOAuthExpiredEvent(UUID integrationId, OAuthFlow flow, String stateHash) {
}
