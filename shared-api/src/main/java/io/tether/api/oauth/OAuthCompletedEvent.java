package io.tether.api.oauth;

import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The flow ended with tokens: the account is CONNECTED with {@code credentials} (ciphertext of the
 * refresh token, access token and its expiry, and for SP-API the selling partner id). {@code region}
 * names the Login with Amazon region that issued the tokens, where they are refreshed.
 */
@Revision("1")
public record OAuthCompletedEvent(
        UUID accountId,
        OAuthFlow flow,
        Region region,
        EncryptedCredentials credentials,
        Instant accessTokenExpiresAt) {
}
