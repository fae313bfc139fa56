package io.tether.command.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.tool.ToolChanges;
import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

/**
 * The tool's event-sourcing handlers and {@link ToolChanges}, the definition its read model and the audit's
 * point-in-time view share, show the same tool after every event of a history.
 */
class ToolChangesAgreeWithTheAggregateTest {

    private static final UUID TOOL_ID = ToolSlugs.toolIdOf("crm-sync");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AggregateModel<Tool> MODEL = AnnotatedAggregateMetaModelFactory.inspectAggregate(Tool.class);

    @Test
    void afterEveryEvent_theAggregateShowsWhatTheSharedDefinitionGives() {
        List<Object> history = List.of(
                new ToolDefinedEvent(TOOL_ID, "crm-sync", "CRM sync", List.of("slack")),
                new ToolRedefinedEvent(TOOL_ID, "crm-sync", "CRM sync v2", List.of("slack", "github")),
                new ToolRedefinedEvent(TOOL_ID, "crm-sync", "CRM sync v2", List.of()));
        Tool aggregate = new Tool();
        ToolView shared = null;
        for (int i = 0; i < history.size(); i++) {
            Object event = history.get(i);
            Instant at = T0.plusSeconds(60L * i);
            MODEL.publish(new GenericDomainEventMessage<>(MODEL.type(), TOOL_ID.toString(), i, event, Map.of(),
                    UUID.randomUUID().toString(), at), aggregate);
            shared = ToolChanges.evolve(shared, event, at);

            assertThat(aggregate.view()).as("after event %d", i).isEqualTo(shared);
        }
        assertThat(shared.definedAt()).isEqualTo(T0);
    }
}
