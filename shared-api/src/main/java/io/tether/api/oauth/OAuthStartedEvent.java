package io.tether.api.oauth;

import io.tether.api.credentials.EncryptedCredentials;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * An OAuth flow began: the account is CONNECTING until the flow completes, fails or expires. The
 * event keeps the state's hex SHA-256 hash only, and the PKCE code verifier sealed (null for a flow
 * without PKCE). A new flow replaces a pending one.
 */
@Revision("1")
public record OAuthStartedEvent(
        UUID accountId,
        OAuthFlow flow,
        String stateHash,
        EncryptedCredentials codeVerifier,
        Instant expiresAt) {
}
