package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The display name, description or logo changed; the event carries all three as they now are. */
@Revision("1")
public record GlobalIntegrationDetailsChangedEvent(UUID integrationId, String displayName, String description,
                                                   String logoUrl) {
}
