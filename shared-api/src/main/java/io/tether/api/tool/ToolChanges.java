package io.tether.api.tool;

import java.time.Instant;

/**
 * How each event changes a tool as the API shows it ({@link ToolView}): the one definition the tools read model
 * writes and the audit's point-in-time view replays. A command-side test replays the same events through the
 * aggregate and through this, and compares what the API would show.
 */
public final class ToolChanges {

    private ToolChanges() {
    }

    public static ToolView defined(ToolDefinedEvent event, Instant at) {
        return new ToolView(event.slug(), event.displayName(), event.requiredIntegrations(), at, at);
    }

    /** The whole definition as the event carries it; the slug and the first definition's time stay. */
    public static ToolView redefined(ToolView tool, ToolRedefinedEvent event, Instant at) {
        return new ToolView(tool.slug(), event.displayName(), event.requiredIntegrations(), tool.definedAt(), at);
    }

    /** The tool after any event of its history ({@code null} before its definition). */
    public static ToolView evolve(ToolView tool, Object event, Instant at) {
        if (event instanceof ToolDefinedEvent defined) {
            return defined(defined, at);
        }
        if (event instanceof ToolRedefinedEvent redefined && tool != null) {
            return redefined(tool, redefined, at);
        }
        return tool;
    }
}
