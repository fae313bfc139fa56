package io.tether.command.tool;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.UNKNOWN_INTEGRATION;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.problem.Refuses;
import io.tether.api.tool.DefineToolCommand;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.AnswersPosition;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Platform admins define tools and what they require. */
@RestController
@Tag(name = "tools", description = "The platform's tools and the integrations each requires")
class ToolCommandController {

    private final CommandGateway commands;
    private final EventStorePositions positions;

    ToolCommandController(CommandGateway commands, EventStorePositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    /** Creates the tool or replaces its definition; the same definition again changes nothing. */
    @PutMapping("/integrations/tools/{slug}")
    @Operation(operationId = "defineTool", summary = "Define a tool",
            description = "Creates the tool or replaces its definition: its display name and the catalog slugs it "
                    + "requires. The same definition again changes nothing.")
    @AllowedRoles(Roles.PLATFORM_ADMIN)
    @Refuses({UNKNOWN_INTEGRATION, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<ToolView> define(@PathVariable String slug, @RequestBody DefineToolRequest request, Caller caller) {
        // A tool's requirements apply to every organization, so only the platform sets them.
        ToolView tool = commands.sendAndWait(DefineToolCommand.of(slug, request.displayName(),
                request.requiredIntegrations()));
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(ToolSlugs.toolIdOf(slug))))
                .body(tool);
    }

    record DefineToolRequest(@Schema(requiredMode = REQUIRED) String displayName,
                             @Schema(requiredMode = REQUIRED, description = "Catalog slugs") List<String> requiredIntegrations) {
    }
}
