package io.tether.command.tool;

import static io.tether.api.problem.ProblemCode.REPEATED_REQUIREMENT;
import static io.tether.api.problem.ProblemCode.UNKNOWN_INTEGRATION;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.problem.FieldProblem;
import io.tether.api.tool.DefineToolCommand;
import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A platform tool and the integrations an organization must connect to use it, as catalog slugs. Its
 * id is derived from its slug ({@link ToolSlugs#toolIdOf}). Defining it again with other values is a
 * change; defining it again as it is changes nothing, as a repeated PUT should.
 */
@Aggregate
class Tool {

    @AggregateIdentifier
    private UUID toolId;
    private String slug;
    private String displayName;
    private List<String> requiredIntegrations;
    private Instant definedAt;
    private Instant updatedAt;

    Tool() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ToolView handle(DefineToolCommand command) {
        if (!command.toolId().equals(ToolSlugs.toolIdOf(command.slug()))) {
            throw new IllegalArgumentException("The tool id " + command.toolId() + " is not the id of " + command.slug());
        }
        requireCatalogSlugs(command.requiredIntegrations());
        if (slug == null) {
            apply(new ToolDefinedEvent(command.toolId(), command.slug(), command.displayName(),
                    command.requiredIntegrations()));
        } else if (!command.displayName().equals(displayName)
                || !command.requiredIntegrations().equals(requiredIntegrations)) {
            apply(new ToolRedefinedEvent(toolId, slug, command.displayName(), command.requiredIntegrations()));
        }
        return view();
    }

    /** Every slug must be in the catalog, once; unknown ones are reported together with the known ones. */
    private static void requireCatalogSlugs(List<String> requiredIntegrations) {
        List<FieldProblem> unknown = new ArrayList<>();
        List<FieldProblem> repeated = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requiredIntegrations.size(); i++) {
            String slug = requiredIntegrations.get(i);
            String field = "required_integrations[" + i + "]";
            if (IntegrationCatalog.find(slug).isEmpty()) {
                unknown.add(new FieldProblem(field, "'" + slug + "' is not in the integration catalog"));
            } else if (!seen.add(slug)) {
                repeated.add(new FieldProblem(field, "'" + slug + "' is already required"));
            }
        }
        if (!unknown.isEmpty()) {
            throw UNKNOWN_INTEGRATION.exception("A tool can only require integrations of the catalog: "
                    + String.join(", ", IntegrationCatalog.slugs())).withErrors(unknown)
                    .with("known_integrations", List.copyOf(IntegrationCatalog.slugs()));
        }
        if (!repeated.isEmpty()) {
            throw REPEATED_REQUIREMENT.exception("A tool requires each integration once").withErrors(repeated);
        }
    }

    ToolView view() {
        return new ToolView(slug, displayName, requiredIntegrations, definedAt, updatedAt);
    }

    @EventSourcingHandler
    void on(ToolDefinedEvent event, @Timestamp Instant at) {
        toolId = event.toolId();
        slug = event.slug();
        displayName = event.displayName();
        requiredIntegrations = event.requiredIntegrations();
        definedAt = at;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(ToolRedefinedEvent event, @Timestamp Instant at) {
        displayName = event.displayName();
        requiredIntegrations = event.requiredIntegrations();
        updatedAt = at;
    }
}
