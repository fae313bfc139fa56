package io.tether.api.tool;

import java.time.Instant;
import java.util.List;

public record ToolView(String slug, String displayName, List<String> requiredIntegrations, Instant definedAt,
                       Instant updatedAt) {
}
