package io.tether.api.tool;

import java.util.List;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/** A platform tool was defined for the first time. */
@Revision("1")
public record ToolDefinedEvent(UUID toolId, String slug, String displayName, List<String> requiredIntegrations) {

    public ToolDefinedEvent {
        requiredIntegrations = List.copyOf(requiredIntegrations);
    }
}
