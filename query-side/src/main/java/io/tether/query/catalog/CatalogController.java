package io.tether.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The integration catalog as the frontend renders its connect forms: schemas as JSON, not as text. */
@RestController
@RequestMapping("/integrations/catalog")
class CatalogController {

    private final List<CatalogItem> items;

    CatalogController(ObjectMapper json) {
        this.items = IntegrationCatalog.entries().stream().map(entry -> CatalogItem.of(entry, json)).toList();
    }

    @GetMapping
    CatalogItems list(@RequestParam(required = false) CatalogKind kind, Caller caller) {
        caller.requireAnyRole(Roles.MEMBERS);
        return new CatalogItems(kind == null ? items
                : items.stream().filter(item -> item.kind() == kind).toList());
    }

    record CatalogItems(List<CatalogItem> items) {
    }

    record CatalogItem(String slug, CatalogKind kind, String displayName, String description, Marketplace marketplace,
                       IntegrationType integrationType, boolean supportsOauth, JsonNode credentialsSchema,
                       JsonNode configSchema) {

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
