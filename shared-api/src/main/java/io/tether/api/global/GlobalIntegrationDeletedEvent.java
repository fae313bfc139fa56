package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record GlobalIntegrationDeletedEvent(UUID integrationId) {
}
