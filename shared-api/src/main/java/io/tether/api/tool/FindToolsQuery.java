package io.tether.api.tool;

/** Every tool; answered with a {@link ToolsView}. */
public record FindToolsQuery() {
}
