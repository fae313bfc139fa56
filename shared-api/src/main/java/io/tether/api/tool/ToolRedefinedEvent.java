package io.tether.api.tool;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A tool's definition changed; the event carries the whole definition as it now is. */
@Revision("1")
public record ToolRedefinedEvent(UUID toolId, String slug, String displayName, List<String> requiredIntegrations) {

    public ToolRedefinedEvent {
        requiredIntegrations = List.copyOf(requiredIntegrations);
    }
}
