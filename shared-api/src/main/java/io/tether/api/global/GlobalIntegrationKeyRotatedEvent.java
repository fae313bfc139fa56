package io.tether.api.global;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The integration's key has a new version; earlier ciphertexts stay readable. The current credentials
 * (null when it holds none) and webhook secret, re-sealed under the new version.
 */
@Revision("1")
public record GlobalIntegrationKeyRotatedEvent(UUID integrationId, int keyVersion, EncryptedCredentials credentials,
                                               EncryptedCredentials webhookSecret) {
}
