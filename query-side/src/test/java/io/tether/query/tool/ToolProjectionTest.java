package io.tether.query.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolView;
import io.tether.query.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tools read model as its projection writes it, in a real PostgreSQL, without a Spring context. */
class ToolProjectionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static ToolReadModel tools;
    private static ToolProjection projection;

    @BeforeAll
    static void start() throws Exception {
        tools = new ToolReadModel(database.jdbc());
        projection = new ToolProjection(tools);
    }

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    @Test
    void aDefinedTool_isListed_andARedefinitionChangesItButNotWhenItWasDefined() {
        UUID toolId = UUID.randomUUID();
        projection.on(new ToolDefinedEvent(toolId, "repricer", "Repricer", List.of("sp-api-sc")), 0, T0);

        projection.on(new ToolRedefinedEvent(toolId, "repricer", "Repricer Pro", List.of("sp-api-sc", "ads-api")), 1,
                T0.plusSeconds(60));

        assertThat(tools.find("repricer")).contains(new ToolView("repricer", "Repricer Pro",
                List.of("sp-api-sc", "ads-api"), T0, T0.plusSeconds(60)));
    }

    @Test
    void aRedeliveredOlderDefinition_changesNothing() {
        UUID toolId = UUID.randomUUID();
        ToolDefinedEvent defined = new ToolDefinedEvent(toolId, "sync", "Sync", List.of("ads-api"));
        projection.on(defined, 0, T0);
        projection.on(new ToolRedefinedEvent(toolId, "sync", "Order sync", List.of()), 1, T0.plusSeconds(60));

        projection.on(defined, 0, T0.plusSeconds(120));

        assertThat(tools.find("sync")).contains(new ToolView("sync", "Order sync", List.of(), T0, T0.plusSeconds(60)));
    }

    @Test
    void theTools_areListedBySlug_andAResetEmptiesTheTable() {
        projection.on(new ToolDefinedEvent(UUID.randomUUID(), "zeta", "Zeta", List.of()), 0, T0);
        projection.on(new ToolDefinedEvent(UUID.randomUUID(), "alpha", "Alpha", List.of()), 0, T0);
        assertThat(tools.findAll()).extracting(ToolView::slug).containsExactly("alpha", "zeta");

        projection.reset();

        assertThat(tools.findAll()).isEmpty();
    }
}
