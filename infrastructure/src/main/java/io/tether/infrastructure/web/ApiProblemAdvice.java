package io.tether.infrastructure.web;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tether.infrastructure.axon.ConflictRetryScheduler;
import io.tether.infrastructure.web.Problems.FieldProblem;
import jakarta.validation.ConstraintViolation;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns what can go wrong in any request into a problem response. Each side's own advice runs first
 * and maps its domain exceptions; this one handles the framework's and the unexpected ones.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);
    private static final String VALIDATION_FAILED = "validation_failed";
    private static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    private final DatabaseFailures databaseFailures;

    ApiProblemAdvice(DatabaseFailures databaseFailures) {
        this.databaseFailures = databaseFailures;
    }

    @ExceptionHandler(JSR303ViolationException.class)
    ProblemDetail invalidCommand(JSR303ViolationException exception) {
        return fieldProblems(exception.getViolations());
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ProblemDetail invalidArguments(jakarta.validation.ConstraintViolationException exception) {
        return fieldProblems(exception.getConstraintViolations());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail invalidParameter(MethodArgumentTypeMismatchException exception) {
        String expected = exception.getRequiredType() == null ? "a valid value" : describe(exception.getRequiredType());
        return Problems.invalid("invalid_parameter", "A request parameter has an invalid value.",
                List.of(new FieldProblem(Problems.apiFieldName(exception.getName()), "must be " + expected)));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException exception) {
        return Problems.problem(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this operation.");
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException exception) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                .body(RequestSizeLimitFilter.tooLarge(exception.limit()));
    }

    /** The command lost the race for its aggregate to other nodes' commands, retries included; nothing of it was applied. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class, ConcurrencyFailureException.class})
    ProblemDetail concurrentModification(Exception exception) {
        log.warn("A command kept losing the race for its aggregate: {}", exception.getMessage());
        return Problems.problem(HttpStatus.CONFLICT, "concurrent_modification",
                "Other requests changed the same resource at the same moment; nothing of this request was applied. Try again.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        // A conflict that reaches here wrapped (a deadlock inside an event store exception, say) is still one.
        if (ConflictRetryScheduler.isConflict(exception)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(concurrentModification(exception));
        }
        if (databaseFailures.isUnavailable(exception)) {
            log.warn("The database is unavailable: {}", exception.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS)
                    .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
                            "The database cannot be reached right now. Try again shortly."));
        }
        log.error("Unexpected error while handling a request", exception);
        return ResponseEntity.internalServerError().body(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on our side; the request id in the response headers helps us find out what."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = exception.getFieldErrors().stream()
                .map(error -> new FieldProblem(Problems.apiFieldName(error.getField()), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return ResponseEntity.badRequest().body(
                Problems.invalid(VALIDATION_FAILED, "The request has invalid fields.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = exception.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldProblem(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(
                Problems.invalid("invalid_parameter", "A request parameter has an invalid value.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = exception.getCause();
        for (Throwable reason = exception; reason != null; reason = reason.getCause()) {
            if (reason instanceof PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                        .body(RequestSizeLimitFilter.tooLarge(tooLarge.limit()));
            }
            if (reason instanceof StreamConstraintsException limit) {
                return ResponseEntity.badRequest().body(Problems.problem(HttpStatus.BAD_REQUEST, "json_too_complex",
                        "The request body nests too deeply or holds too long a value: " + limit.getOriginalMessage()));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest().body(Problems.invalid("unknown_field",
                    "The request body has a field this endpoint does not take.",
                    List.of(new FieldProblem(path(unknown), "is not a known field"))));
        }
        if (cause instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(Problems.invalid(VALIDATION_FAILED,
                    "The request has invalid fields.",
                    List.of(new FieldProblem(path(invalid), "must be " + describe(invalid.getTargetType())))));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return ResponseEntity.badRequest().body(Problems.invalid(VALIDATION_FAILED,
                    "The request has invalid fields.",
                    List.of(new FieldProblem(path(mapping), "has the wrong type"))));
        }
        return ResponseEntity.badRequest().body(Problems.problem(HttpStatus.BAD_REQUEST, "malformed_body",
                "The request body is missing or is not valid JSON."));
    }

    /** Every other framework exception keeps its status and gets a code derived from it. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(exception, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            ProblemDetail coded = Problems.forStatus(statusCode, problem.getDetail());
            coded.setInstance(problem.getInstance());
            return new ResponseEntity<>(coded, response.getHeaders(), response.getStatusCode());
        }
        return response;
    }

    private static ProblemDetail fieldProblems(Set<? extends ConstraintViolation<?>> violations) {
        List<FieldProblem> errors = violations.stream()
                .map(violation -> new FieldProblem(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return Problems.invalid(VALIDATION_FAILED, "The request has invalid fields.", errors);
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Container elements show up as "credentials[key].<map value>"; the API names them credentials.key.
        path = path.replaceAll("\\.<[^>]+>", "").replaceAll("\\[([^\\]]*)]", ".$1");
        return Problems.apiFieldName(path);
    }

    private static String path(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        return "a valid " + type.getSimpleName();
    }
}
