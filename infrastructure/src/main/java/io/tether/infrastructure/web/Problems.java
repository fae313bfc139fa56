package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem responses with Tether's two additions: a stable {@code code} that clients can
 * switch on, and for invalid input the failing fields ({@code errors}). Every problem response is
 * made here, from a {@link ProblemException} or, for a status the container or the framework chose,
 * from the bare status.
 */
public final class Problems {

    private static final PropertyNamingStrategies.NamingBase API_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Problems() {
    }

    /** The body of {@code problem}: status, type, title, detail, code, and its errors and properties if it has any. */
    public static ProblemDetail body(ProblemException problem) {
        ProblemCode code = problem.code();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), problem.detail());
        body.setType(URI.create("urn:tether:problem:" + code.code()));
        body.setTitle(code.title());
        body.setProperty("code", code.code());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        problem.properties().forEach(body::setProperty);
        return body;
    }

    /** The whole response to {@code problem}: its status, its {@code Retry-After} if it has one, and its body. */
    public static ResponseEntity<ProblemDetail> response(ProblemException problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.code().status());
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
        }
        return response.body(body(problem));
    }

    /** The problem for a bare status, with a detail that says no more than the status: a refusal of the container or the firewall. */
    public static ProblemDetail forStatus(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String detail = status.is5xxServerError() ? ProblemCode.INTERNAL_ERROR.fixedDetail()
                : "The request was refused: "
                + (known == null ? "status " + status.value() : known.getReasonPhrase().toLowerCase(Locale.ROOT)) + ".";
        return forStatus(status, detail);
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
}
