package io.tether.command.tool;

import io.tether.api.tool.DefineToolCommand;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
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
class ToolCommandController {

    private final CommandGateway commands;
    private final EventStorePositions positions;

    ToolCommandController(CommandGateway commands, EventStorePositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    /** Creates the tool or replaces its definition; the same definition again changes nothing. */
    @PutMapping("/integrations/tools/{slug}")
    ResponseEntity<ToolView> define(@PathVariable String slug, @RequestBody DefineToolRequest request, Caller caller) {
        // A tool's requirements apply to every organization, so only the platform sets them.
        caller.requireAnyRole(Roles.PLATFORM_ADMIN);
        ToolView tool = commands.sendAndWait(DefineToolCommand.of(slug, request.displayName(),
                request.requiredIntegrations()));
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(ToolSlugs.toolIdOf(slug))))
                .body(tool);
    }

    record DefineToolRequest(String displayName, List<String> requiredIntegrations) {
    }
}
