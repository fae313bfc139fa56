package io.tether.command.tool;

import io.tether.api.catalog.IntegrationCatalog;
import io.tether.command.catalog.InvalidShapeException.Violation;
import java.util.List;

/** Required integrations that are not catalog slugs. */
public class UnknownIntegrationException extends IllegalArgumentException {

    private final List<Violation> violations;

    public UnknownIntegrationException(List<Violation> violations) {
        super("A tool can only require integrations of the catalog: " + String.join(", ", knownSlugs()));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    public static List<String> knownSlugs() {
        return List.copyOf(IntegrationCatalog.slugs());
    }
}
