package io.tether.query.tool;

import static io.tether.api.problem.ProblemCode.TOOL_NOT_FOUND;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.problem.Refuses;
import io.tether.api.tool.FindOnboardingQuery;
import io.tether.api.tool.FindToolQuery;
import io.tether.api.tool.FindToolsQuery;
import io.tether.api.tool.OnboardingView;
import io.tether.api.tool.ToolView;
import io.tether.api.tool.ToolsView;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.List;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The platform's tools, and how far the caller's organization is in connecting what each requires. */
@RestController
@RequestMapping("/integrations/tools")
@Tag(name = "tools", description = "The platform's tools and the integrations each requires")
class ToolQueryController {

    /**
     * The read models onboarding reads. The accounts projection's group is named here rather than
     * imported, as its constant belongs to the accounts package.
     */
    private static final List<String> ONBOARDING_READ_MODELS = List.of(
            ToolProjection.PROCESSING_GROUP, "integration-accounts", "global-integrations");

    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    ToolQueryController(QueryGateway queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    @Operation(operationId = "listTools", summary = "List the tools",
            description = "Every tool of the platform and the integrations it requires.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE, Roles.PLATFORM_ADMIN})
    ResponseEntity<ToolsView> list(
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, ToolProjection.PROCESSING_GROUP).headerValue();
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency)
                .body(queries.query(new FindToolsQuery(), ToolsView.class).join());
    }

    @GetMapping("/{slug}")
    @Operation(operationId = "getTool", summary = "Get a tool",
            description = "One tool and the integrations it requires.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE, Roles.PLATFORM_ADMIN})
    @Refuses({TOOL_NOT_FOUND})
    ResponseEntity<ToolView> get(
            @PathVariable String slug,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, ToolProjection.PROCESSING_GROUP).headerValue();
        ToolView tool = queries.query(new FindToolQuery(slug), ResponseTypes.optionalInstanceOf(ToolView.class))
                .join().orElseThrow(() -> TOOL_NOT_FOUND.exception("Tool " + slug + " does not exist"));
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(tool);
    }

    /**
     * For each integration the tool requires: satisfied or not, by which account or global integration,
     * in which status. {@code project_id} narrows global integrations to that project's and
     * organization-wide ones.
     */
    @GetMapping("/{slug}/onboarding")
    @Operation(operationId = "getToolOnboarding", summary = "Onboarding of a tool for the organization",
            description = "For each integration the tool requires: satisfied or not, by which account or global "
                    + "integration, in which status. project_id narrows global integrations to that project's and "
                    + "organization-wide ones.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({TOOL_NOT_FOUND})
    ResponseEntity<OnboardingView> onboarding(
            @PathVariable String slug,
            @RequestParam(name = "project_id", required = false) UUID projectId,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, ONBOARDING_READ_MODELS).headerValue();
        OnboardingView onboarding = queries.query(new FindOnboardingQuery(caller.organizationId(), slug, projectId),
                        ResponseTypes.optionalInstanceOf(OnboardingView.class))
                .join().orElseThrow(() -> TOOL_NOT_FOUND.exception("Tool " + slug + " does not exist"));
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(onboarding);
    }
}
