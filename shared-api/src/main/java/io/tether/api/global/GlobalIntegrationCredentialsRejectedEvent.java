package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The service refused the integration's stored credentials: it is in {@code ERROR}, and {@code reason} says what to do. */
@Revision("1")
public record GlobalIntegrationCredentialsRejectedEvent(UUID integrationId, String reason) {
}
