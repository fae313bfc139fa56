package io.tether.query.tool;

import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolChanges;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolView;
import io.tether.eventing.SendsNoMessages;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/** Builds the tools read model from the tool events, each changing the row as {@link ToolChanges} defines. */
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
        tools.write(event.toolId(), ToolChanges.defined(event, at), sequence);
    }

    @EventHandler
    void on(ToolRedefinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        ToolView tool = tools.find(event.slug()).orElseThrow(() -> new IllegalStateException(
                "Tool " + event.slug() + " is redefined before its definition is in the read model"));
        tools.write(event.toolId(), ToolChanges.redefined(tool, event, at), sequence);
    }

    @ResetHandler
    void reset() {
        tools.deleteAll();
    }
}
