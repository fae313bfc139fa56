package io.tether.infrastructure.web;

import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.DATABASE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.FORBIDDEN;
import static io.tether.api.problem.ProblemCode.INTERNAL_ERROR;
import static io.tether.api.problem.ProblemCode.INVALID_PARAMETER;
import static io.tether.api.problem.ProblemCode.JSON_TOO_COMPLEX;
import static io.tether.api.problem.ProblemCode.MALFORMED_BODY;
import static io.tether.api.problem.ProblemCode.UNKNOWN_FIELD;
import static io.tether.api.problem.ProblemCode.VALIDATION_FAILED;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.axon.ConflictRetryScheduler;
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
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place a failed request becomes a problem response: a {@link ProblemException} thrown
 * anywhere (an aggregate, a query handler, a controller; bare, or wrapped by a bus or a future) is
 * answered as its code says, and the framework's own exceptions (invalid JSON, bean validation,
 * parameter types, media types, methods, a lost race, the database going away) get their codes here.
 */
@RestControllerAdvice
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);
    private static final String INVALID_FIELDS = "The request has invalid fields.";

    private final DatabaseFailures databaseFailures;

    ApiProblemAdvice(DatabaseFailures databaseFailures) {
        this.databaseFailures = databaseFailures;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException problem) {
        if (problem.code().fixedDetail() != null || problem.code().status() >= 500) {
            // The client reads the code's own sentence; what actually failed is for the operator.
            log.warn("{}: {}", problem.code().code(), problem.getMessage(), problem.getCause());
        }
        return Problems.response(problem);
    }

    @ExceptionHandler(JSR303ViolationException.class)
    ResponseEntity<ProblemDetail> invalidCommand(JSR303ViolationException exception) {
        return fieldProblems(exception.getViolations());
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidArguments(jakarta.validation.ConstraintViolationException exception) {
        return fieldProblems(exception.getConstraintViolations());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> invalidParameter(MethodArgumentTypeMismatchException exception) {
        String expected = exception.getRequiredType() == null ? "a valid value" : describe(exception.getRequiredType());
        return Problems.response(INVALID_PARAMETER.exception("A request parameter has an invalid value.")
                .withError(Problems.apiFieldName(exception.getName()), "must be " + expected));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException exception) {
        return Problems.response(FORBIDDEN.exception("Your role does not allow this operation."));
    }

    /**
     * A header the security firewall refuses, found only when the handler read the request's headers (Spring MVC
     * reads them all for a body): the same bad request as when the firewall refuses a request before it is handled,
     * and as that one without the firewall's message, which quotes the header's value.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException exception) {
        return ResponseEntity.badRequest().body(Problems.forStatus(HttpStatus.BAD_REQUEST));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException exception) {
        return tooLarge(exception);
    }

    /** The command lost the race for its aggregate to other nodes' commands, retries included; nothing of it was applied. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class, ConcurrencyFailureException.class})
    ResponseEntity<ProblemDetail> concurrentModification(Exception exception) {
        log.warn("A command kept losing the race for its aggregate: {}", exception.getMessage());
        return Problems.response(CONCURRENT_MODIFICATION.exception(
                "Other requests changed the same resource at the same moment; nothing of this request was applied. Try again."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        // The query bus and the futures of the gateways hand a handler's refusal over wrapped.
        ProblemException wrapped = ProblemException.in(exception);
        if (wrapped != null) {
            return problem(wrapped);
        }
        // A conflict that reaches here wrapped (a deadlock inside an event store exception, say) is still one.
        if (ConflictRetryScheduler.isConflict(exception)) {
            return concurrentModification(exception);
        }
        if (databaseFailures.isUnavailable(exception)) {
            log.warn("The database is unavailable: {}", exception.toString());
            return Problems.response(DATABASE_UNAVAILABLE.exception("The database is unavailable"));
        }
        log.error("Unexpected error while handling a request", exception);
        return Problems.response(INTERNAL_ERROR.exception(exception.toString()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = exception.getFieldErrors().stream()
                .map(error -> new FieldProblem(Problems.apiFieldName(error.getField()), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return untyped(VALIDATION_FAILED.exception(INVALID_FIELDS).withErrors(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = exception.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldProblem(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return untyped(INVALID_PARAMETER.exception("A request parameter has an invalid value.").withErrors(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = exception.getCause();
        for (Throwable reason = exception; reason != null; reason = reason.getCause()) {
            if (reason instanceof PayloadTooLargeException tooLarge) {
                return untyped(tooLarge(tooLarge));
            }
            if (reason instanceof StreamConstraintsException limit) {
                return untyped(JSON_TOO_COMPLEX.exception(
                        "The request body nests too deeply or holds too long a value: " + limit.getOriginalMessage()));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return untyped(UNKNOWN_FIELD.exception("The request body has a field this endpoint does not take.")
                    .withError(path(unknown), "is not a known field"));
        }
        if (cause instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()) {
            return untyped(VALIDATION_FAILED.exception(INVALID_FIELDS)
                    .withError(path(invalid), "must be " + describe(invalid.getTargetType())));
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return untyped(VALIDATION_FAILED.exception(INVALID_FIELDS).withError(path(mapping), "has the wrong type"));
        }
        return untyped(MALFORMED_BODY.exception("The request body is missing or is not valid JSON."));
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

    private static ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException exception) {
        ResponseEntity<ProblemDetail> response = Problems.response(RequestSizeLimitFilter.tooLarge(exception.limit()));
        return ResponseEntity.status(response.getStatusCode()).header(HttpHeaders.CONNECTION, "close").body(response.getBody());
    }

    private static ResponseEntity<Object> untyped(ProblemException problem) {
        return untyped(Problems.response(problem));
    }

    private static ResponseEntity<Object> untyped(ResponseEntity<ProblemDetail> response) {
        return new ResponseEntity<>(response.getBody(), response.getHeaders(), response.getStatusCode());
    }

    private static ResponseEntity<ProblemDetail> fieldProblems(Set<? extends ConstraintViolation<?>> violations) {
        List<FieldProblem> errors = violations.stream()
                .map(violation -> new FieldProblem(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return Problems.response(VALIDATION_FAILED.exception(INVALID_FIELDS).withErrors(errors));
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
