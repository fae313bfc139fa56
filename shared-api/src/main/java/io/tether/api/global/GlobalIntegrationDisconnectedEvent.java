package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The integration's credentials were removed. */
@Revision("1")
public record GlobalIntegrationDisconnectedEvent(UUID integrationId) {
}
