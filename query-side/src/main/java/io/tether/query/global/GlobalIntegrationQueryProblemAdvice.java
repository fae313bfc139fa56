package io.tether.query.global;

import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The global integration reads' exceptions, each mapped by type to its status and stable code. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class GlobalIntegrationQueryProblemAdvice {

    @ExceptionHandler(GlobalIntegrationNotFoundException.class)
    ProblemDetail notFound(GlobalIntegrationNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "global_integration_not_found", exception.getMessage());
    }

    @ExceptionHandler(UnknownServiceFilterException.class)
    ProblemDetail unknownService(UnknownServiceFilterException exception) {
        return Problems.invalid("invalid_parameter", exception.getMessage(),
                List.of(new FieldProblem("service_name", "is not a service of the integration catalog")));
    }
}
