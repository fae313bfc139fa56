package io.tether.api.oauth;

import io.tether.api.credentials.EncryptedCredentials;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The account's access token was refreshed; {@code credentials} is the ciphertext of all of them now.
 * {@code refreshTokenReplaced} says whether Amazon handed out a new refresh token or kept the old one.
 */
@Revision("1")
public record AccessTokenRefreshedEvent(
        UUID accountId,
        EncryptedCredentials credentials,
        Instant accessTokenExpiresAt,
        boolean refreshTokenReplaced) {
}
