package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem responses with Tether's two additions: a stable {@code code} that clients can
 * switch on, and for invalid input the failing fields.
 */
public final class Problems {

    private static final PropertyNamingStrategies.NamingBase API_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:tether:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    /** A problem for a bare status, e.g. a request the servlet container or the firewall refused. */
    public static ProblemDetail forStatus(HttpStatusCode statusCode, String detail) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        String code = status == null ? "error_" + statusCode.value() : status.name().toLowerCase(Locale.ROOT);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusCode, detail);
        problem.setType(URI.create("urn:tether:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail invalid(String code, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, code, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A Java property path ({@code credentials[token]}, {@code accountName}) as the API names it. */
    public static String apiFieldName(String javaPath) {
        StringBuilder name = new StringBuilder();
        for (String segment : javaPath.split("\\.")) {
            if (!name.isEmpty()) {
                name.append('.');
            }
            int bracket = segment.indexOf('[');
            name.append(bracket < 0
                    ? API_NAMES.translate(segment)
                    : API_NAMES.translate(segment.substring(0, bracket)) + segment.substring(bracket));
        }
        return name.toString();
    }

    public record FieldProblem(String field, String message) {
    }
}
