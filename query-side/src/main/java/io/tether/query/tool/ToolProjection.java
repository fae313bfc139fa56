package io.tether.query.tool;

import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.eventing.SendsNoMessages;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** Builds the tools read model from the tool events. */
@Component
@ProcessingGroup(ToolProjection.PROCESSING_GROUP)
@SendsNoMessages
class ToolProjection {

    static final String PROCESSING_GROUP = "tools";

    private final ToolReadModel tools;

    ToolProjection(ToolReadModel tools) {
        this.tools = tools;
    }

    @EventHandler
    void on(ToolDefinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        tools.define(event.toolId(), event.slug(), event.displayName(), event.requiredIntegrations(), sequence, at);
    }

    @EventHandler
    void on(ToolRedefinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        tools.define(event.toolId(), event.slug(), event.displayName(), event.requiredIntegrations(), sequence, at);
    }

    @ResetHandler
    void reset() {
        tools.deleteAll();
    }
}
