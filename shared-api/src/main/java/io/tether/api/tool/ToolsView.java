package io.tether.api.tool;

import java.util.List;

/** Every tool, by slug. */
public record ToolsView(List<ToolView> items) {
}
