package io.tether.command.global;

import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.List;

/** The service name is not a service of the integration catalog. */
public class UnknownServiceException extends IllegalArgumentException {

    public UnknownServiceException(String serviceName) {
        super("'" + serviceName + "' is not a service of the integration catalog; known services: "
                + String.join(", ", knownServices()));
    }

    public static List<String> knownServices() {
        return IntegrationCatalog.entries().stream()
                .filter(entry -> entry.kind() == CatalogKind.SERVICE)
                .map(CatalogEntry::slug)
                .toList();
    }
}
