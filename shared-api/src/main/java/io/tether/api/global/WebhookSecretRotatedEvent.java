package io.tether.api.global;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The integration has a new webhook secret, held only as ciphertext; deliveries signed with the old one fail. */
@Revision("1")
public record WebhookSecretRotatedEvent(UUID integrationId, EncryptedCredentials webhookSecret) {
}
