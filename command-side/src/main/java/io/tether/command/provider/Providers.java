package io.tether.command.provider;

import io.tether.api.account.IntegrationType;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every {@link Provider}, by catalog slug: exactly one per catalog entry, or the service does not start. */
@Component
public class Providers {

    private final Map<String, Provider> bySlug = new LinkedHashMap<>();

    Providers(List<Provider> providers) {
        for (Provider provider : providers) {
            String slug = provider.entry().slug();
            if (bySlug.putIfAbsent(slug, provider) != null) {
                throw new IllegalStateException("Two providers implement the catalog entry " + slug);
            }
        }
        List<String> missing = IntegrationCatalog.entries().stream()
                .map(CatalogEntry::slug)
                .filter(slug -> !bySlug.containsKey(slug))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No provider implements the catalog entries " + missing);
        }
    }

    public Provider of(IntegrationType type) {
        return of(IntegrationCatalog.of(type).slug());
    }

    /** The provider of a catalog slug; every slug of the catalog has one. */
    public Provider of(String slug) {
        Provider provider = bySlug.get(slug);
        if (provider == null) {
            throw new IllegalArgumentException(slug + " is not an entry of the integration catalog");
        }
        return provider;
    }
}
