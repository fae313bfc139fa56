package io.tether.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import jakarta.annotation.Nullable;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The integration catalog as the frontend renders its connect forms: schemas as JSON, not as text. */
@RestController
@RequestMapping("/integrations/catalog")
@Tag(name = "catalog", description = "The integration types and services Tether knows, with the JSON Schemas of their "
        + "credentials and config")
class CatalogController {

    private final List<CatalogItem> items;

    CatalogController(ObjectMapper json) {
        this.items = IntegrationCatalog.entries().stream().map(entry -> CatalogItem.of(entry, json)).toList();
    }

    @GetMapping
    @Operation(operationId = "listCatalog", summary = "List the integration catalog",
            description = "Every integration type and service, each with the JSON Schema of its credentials (and "
                    + "config), and whether it connects through OAuth.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE, Roles.PLATFORM_ADMIN})
    CatalogItems list(@RequestParam(required = false) CatalogKind kind, Caller caller) {
        return new CatalogItems(kind == null ? items
                : items.stream().filter(item -> item.kind() == kind).toList());
    }

    record CatalogItems(List<CatalogItem> items) {
    }

    record CatalogItem(String slug, CatalogKind kind, String displayName, String description,
                       @Nullable Marketplace marketplace, @Nullable IntegrationType integrationType, boolean supportsOauth,
                       @Schema(description = "The JSON Schema that connect's credentials must match")
                       JsonNode credentialsSchema,
                       @Schema(description = "The JSON Schema of the service's config; null where it has none")
                       @Nullable JsonNode configSchema) {

        static CatalogItem of(CatalogEntry entry, ObjectMapper json) {
            return new CatalogItem(entry.slug(), entry.kind(), entry.displayName(), entry.description(),
                    entry.marketplace(), entry.integrationType(), entry.supportsOauth(),
                    parse(json, entry.slug(), entry.credentialsSchema()),
                    entry.configSchema() == null ? null : parse(json, entry.slug(), entry.configSchema()));
        }

        private static JsonNode parse(ObjectMapper json, String slug, String schema) {
            try {
                return json.readTree(schema);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A catalog schema of " + slug + " is not JSON", e);
            }
        }
    }
}
