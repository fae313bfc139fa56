package io.tether.command.catalog;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Credentials or config that do not match the schema of their catalog entry. The message and the
 * violations name fields and rules only, never the values, so that no secret reaches a log line.
 */
public class InvalidShapeException extends IllegalArgumentException {

    private final String slug;
    private final String part;
    private final List<Violation> violations;

    /**
     * @param slug       the catalog entry whose schema was not met
     * @param part       the body field that was checked, {@code credentials} or {@code config}
     * @param violations what is wrong, sorted by field
     */
    public InvalidShapeException(String slug, String part, List<Violation> violations) {
        super(summary(slug, part) + ": " + violations.stream()
                .map(violation -> violation.field() + " " + violation.message())
                .collect(Collectors.joining("; ")));
        this.slug = slug;
        this.part = part;
        this.violations = List.copyOf(violations);
    }

    public String slug() {
        return slug;
    }

    public String part() {
        return part;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** One sentence for the problem response's detail, e.g. "The credentials do not have the shape ads-api needs." */
    public String summary() {
        return summary(slug, part) + ".";
    }

    private static String summary(String slug, String part) {
        return "The " + part + (part.endsWith("s") ? " do" : " does") + " not have the shape " + slug + " needs";
    }

    /** One failing field as the API names it ({@code credentials.refresh_token}) and what is wrong with it. */
    public record Violation(String field, String message) implements Serializable {
    }
}
