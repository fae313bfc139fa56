package io.tether.command.global;

import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The global integrations' and webhooks' exceptions, each mapped by type to its status and stable code. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class GlobalIntegrationProblemAdvice {

    @ExceptionHandler(GlobalIntegrationNotFoundException.class)
    ProblemDetail notFound(GlobalIntegrationNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "global_integration_not_found", exception.getMessage());
    }

    @ExceptionHandler(GlobalIntegrationTakenException.class)
    ProblemDetail taken(GlobalIntegrationTakenException exception) {
        ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "global_integration_exists", exception.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem("service_name",
                "already has an integration in this organization and project")));
        return problem;
    }

    @ExceptionHandler(UnknownServiceException.class)
    ProblemDetail unknownService(UnknownServiceException exception) {
        ProblemDetail problem = Problems.invalid("unknown_service", exception.getMessage(),
                List.of(new FieldProblem("service_name", "is not a service of the integration catalog")));
        problem.setProperty("known_services", UnknownServiceException.knownServices());
        return problem;
    }

    @ExceptionHandler(InvalidGlobalIntegrationException.class)
    ProblemDetail invalid(InvalidGlobalIntegrationException exception) {
        return Problems.invalid("validation_failed", "The request has invalid fields.", exception.violations().stream()
                .map(violation -> new FieldProblem(violation.field(), violation.message()))
                .toList());
    }

    @ExceptionHandler(IntegrationDisabledException.class)
    ProblemDetail disabled(IntegrationDisabledException exception) {
        return Problems.problem(HttpStatus.FORBIDDEN, "integration_disabled", exception.getMessage());
    }

    @ExceptionHandler(InvalidWebhookSignatureException.class)
    ProblemDetail badSignature(InvalidWebhookSignatureException exception) {
        return Problems.problem(HttpStatus.UNAUTHORIZED, "invalid_signature", exception.getMessage());
    }

    @ExceptionHandler(StaleWebhookException.class)
    ProblemDetail stale(StaleWebhookException exception) {
        return Problems.problem(HttpStatus.CONFLICT, "stale_delivery", exception.getMessage());
    }

    @ExceptionHandler(ReplayedWebhookException.class)
    ProblemDetail replayed(ReplayedWebhookException exception) {
        return Problems.problem(HttpStatus.CONFLICT, "replayed_delivery", exception.getMessage());
    }

    @ExceptionHandler(WebhookBodyTooLargeException.class)
    ProblemDetail tooLarge(WebhookBodyTooLargeException exception) {
        return Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", exception.getMessage());
    }
}
