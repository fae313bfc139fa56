package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A disabled integration keeps its credentials but satisfies no tool and accepts no webhook delivery. */
@Revision("1")
public record GlobalIntegrationDisabledEvent(UUID integrationId) {
}
