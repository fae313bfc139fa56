package io.tether.command.global;

import io.tether.command.catalog.InvalidShapeException.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** Fields of a create or update that are wrong for a global integration; the messages never quote a value. */
public class InvalidGlobalIntegrationException extends IllegalArgumentException {

    private final List<Violation> violations;

    public InvalidGlobalIntegrationException(List<Violation> violations) {
        super(violations.stream().map(violation -> violation.field() + " " + violation.message())
                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidGlobalIntegrationException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
