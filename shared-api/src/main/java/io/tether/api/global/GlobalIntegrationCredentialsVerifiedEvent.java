package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The service accepted the integration's stored credentials. {@code recovered} says it was in
 * {@code ERROR} before and is {@code CONNECTED} again.
 */
@Revision("1")
public record GlobalIntegrationCredentialsVerifiedEvent(UUID integrationId, boolean recovered) {
}
