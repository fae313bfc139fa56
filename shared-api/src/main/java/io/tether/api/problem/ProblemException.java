package io.tether.api.problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception a refusal is thrown as: it carries its {@link ProblemCode} (status, code, title),
 * the detail a client reads, and optionally the failing fields, extra properties of the problem
 * ({@code status_now}, {@code known_services}) and a {@code Retry-After}. One advice in the
 * infrastructure module turns it into an {@code application/problem+json} response, wherever it was
 * thrown (an aggregate, a query handler, a controller) and however the buses wrapped it.
 *
 * <p>Made with {@code throw ProblemCode.X.exception(detail)}, then {@link #withError}, {@link #with}
 * or {@link #retryAfter} where the problem has more to say. The detail (the message) names fields and
 * ids, never a secret value.
 */
public final class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final ArrayList<FieldProblem> errors = new ArrayList<>();
    private final LinkedHashMap<String, Object> properties = new LinkedHashMap<>();
    private Long retryAfterSeconds;

    ProblemException(ProblemCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfterSeconds = code.retryAfterSeconds();
    }

    /** The named problem: what a caller or a test switches on. */
    public ProblemCode code() {
        return code;
    }

    public boolean is(ProblemCode... expected) {
        for (ProblemCode candidate : expected) {
            if (code == candidate) {
                return true;
            }
        }
        return false;
    }

    /** The first {@link ProblemException} in the cause chain of {@code thrown}, or null: buses and futures wrap it. */
    public static ProblemException in(Throwable thrown) {
        for (Throwable reason = thrown; reason != null; reason = reason.getCause()) {
            if (reason instanceof ProblemException problem) {
                return problem;
            }
            if (reason.getCause() == reason) {
                return null;
            }
        }
        return null;
    }

    /** Whether {@code thrown} is, or wraps, one of the problems {@code expected}. */
    public static boolean is(Throwable thrown, ProblemCode... expected) {
        ProblemException problem = in(thrown);
        return problem != null && problem.is(expected);
    }

    public ProblemException withError(String field, String message) {
        errors.add(new FieldProblem(field, message));
        return this;
    }

    public ProblemException withErrors(List<FieldProblem> fieldProblems) {
        errors.addAll(fieldProblems);
        return this;
    }

    /** An extra member of the problem response, named as the API names it (snake_case). */
    public ProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ProblemException retryAfter(long seconds) {
        retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    public List<FieldProblem> errors() {
        return Collections.unmodifiableList(errors);
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** Whole seconds for the {@code Retry-After} header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What the client reads: the code's fixed detail where it has one (the message then stays in the log), else the message. */
    public String detail() {
        return code.fixedDetail() != null ? code.fixedDetail() : getMessage();
    }
}
