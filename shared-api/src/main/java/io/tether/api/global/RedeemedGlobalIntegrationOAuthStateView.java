package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import java.util.UUID;

/** The answer to {@link RedeemGlobalIntegrationOAuthStateCommand}: what the code exchange needs to know. */
public record RedeemedGlobalIntegrationOAuthStateView(UUID integrationId, UUID organizationId, OAuthFlow flow,
                                                      String stateHash) {
}
