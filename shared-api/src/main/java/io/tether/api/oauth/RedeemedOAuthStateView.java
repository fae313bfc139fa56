package io.tether.api.oauth;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;

/**
 * The answer to {@link RedeemOAuthStateCommand}: what the code exchange needs to know about the flow.
 * {@code codeVerifier} is sealed, null for a flow without PKCE.
 */
public record RedeemedOAuthStateView(
        UUID accountId,
        UUID organizationId,
        OAuthFlow flow,
        IntegrationType integrationType,
        Region region,
        String stateHash,
        EncryptedCredentials codeVerifier) {
}
