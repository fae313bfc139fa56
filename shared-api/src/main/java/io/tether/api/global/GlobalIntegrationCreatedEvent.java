package io.tether.api.global;

import io.tether.api.credentials.EncryptedCredentials;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A global integration was created, without credentials yet (a {@link GlobalIntegrationConnectedEvent}
 * follows when it came with some). The webhook secret is held only as ciphertext, and is null for a
 * service whose provider issues the secret until an admin enters it.
 */
@Revision("1")
public record GlobalIntegrationCreatedEvent(
        UUID integrationId,
        UUID organizationId,
        UUID projectId,
        String serviceName,
        String displayName,
        String description,
        String logoUrl,
        boolean enabled,
        Map<String, Object> config,
        EncryptedCredentials webhookSecret,
        String createdBy) {

    public GlobalIntegrationCreatedEvent {
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
