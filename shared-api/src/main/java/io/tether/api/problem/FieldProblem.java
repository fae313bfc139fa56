package io.tether.api.problem;

import java.io.Serializable;

/** One failing field as the API names it ({@code credentials.refresh_token}) and what is wrong with it, never its value. */
public record FieldProblem(String field, String message) implements Serializable {
}
