package io.tether.api.global;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The non-secret config changed; the event carries the whole config as it now is. */
@Revision("1")
public record GlobalIntegrationConfigChangedEvent(UUID integrationId, Map<String, Object> config) {

    public GlobalIntegrationConfigChangedEvent {
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
