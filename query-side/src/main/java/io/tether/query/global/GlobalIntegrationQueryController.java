package io.tether.query.global;

import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INVALID_CURSOR;
import static io.tether.api.problem.ProblemCode.UNKNOWN_SERVICE_FILTER;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.global.FindGlobalIntegrationQuery;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationPageView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.PublicGlobalIntegrationView;
import io.tether.api.problem.Refuses;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import io.tether.query.PageCursor;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

/** Reads of the organization's global integrations: never their credentials or webhook secret. */
@RestController
@RequestMapping("/integrations/global")
@Tag(name = "global-integrations", description = "Global integrations: an organization's (or project's) connections "
        + "to services such as Slack")
class GlobalIntegrationQueryController {

    static final int MAX_PAGE_SIZE = 200;

    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    GlobalIntegrationQueryController(QueryGateway queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    @Operation(operationId = "listGlobalIntegrations", summary = "List the organization's global integrations",
            description = "Oldest first, filtered by service, enabled and project; a page of at most limit "
                    + "integrations and the next_cursor (null on the last page).")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({INVALID_CURSOR})
    ResponseEntity<GlobalIntegrationPageView> list(
            @RequestParam(name = "service_name", required = false) String serviceName,
            @RequestParam(required = false) Boolean enabled,
            @RequestParam(name = "project_id", required = false) UUID projectId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
            @RequestParam(required = false) String cursor,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        if (serviceName != null && IntegrationCatalog.find(serviceName)
                .filter(entry -> entry.kind() == CatalogKind.SERVICE).isEmpty()) {
            throw UNKNOWN_SERVICE_FILTER.exception("'" + serviceName
                    + "' is not a service of the integration catalog")
                    .withError("service_name", "is not a service of the integration catalog");
        }
        if (cursor != null) {
            PageCursor.decode(cursor);
        }
        String consistency = readYourWrites.await(minPosition, GlobalIntegrationProjection.PROCESSING_GROUP).headerValue();
        GlobalIntegrationPageView page = queries.query(new FindGlobalIntegrationsQuery(caller.organizationId(),
                serviceName, enabled, projectId, limit, cursor), GlobalIntegrationPageView.class).join();
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(page);
    }

    @GetMapping("/{integrationId}")
    @Operation(operationId = "getGlobalIntegration", summary = "Get a global integration",
            description = "One global integration of the organization, never its credentials or webhook secret.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND})
    ResponseEntity<GlobalIntegrationView> get(
            @PathVariable UUID integrationId,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, GlobalIntegrationProjection.PROCESSING_GROUP).headerValue();
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency)
                .body(find(caller, integrationId));
    }

    /** Only what is safe to show anywhere: no config, scope, creator, or anything about secrets. */
    @GetMapping("/{integrationId}/public")
    @Operation(operationId = "getPublicGlobalIntegration", summary = "Get what is safe to show of a global integration",
            description = "Only id, service, display fields, enabled and status: no config, scope, creator or "
                    + "anything about secrets.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND})
    ResponseEntity<PublicGlobalIntegrationView> getPublic(
            @PathVariable UUID integrationId,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        ResponseEntity<GlobalIntegrationView> integration = get(integrationId, minPosition, caller);
        return ResponseEntity.ok().headers(integration.getHeaders())
                .body(PublicGlobalIntegrationView.of(integration.getBody()));
    }

    private GlobalIntegrationView find(Caller caller, UUID integrationId) {
        return queries.query(new FindGlobalIntegrationQuery(caller.organizationId(), integrationId),
                        ResponseTypes.optionalInstanceOf(GlobalIntegrationView.class)).join()
                .orElseThrow(() -> GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId
                        + " does not exist"));
    }
}
