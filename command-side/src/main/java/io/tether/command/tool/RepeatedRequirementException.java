package io.tether.command.tool;

import io.tether.command.catalog.InvalidShapeException.Violation;
import java.util.List;

/** A required integration named twice. */
public class RepeatedRequirementException extends IllegalArgumentException {

    private final List<Violation> violations;

    public RepeatedRequirementException(List<Violation> violations) {
        super("A tool requires each integration once");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
