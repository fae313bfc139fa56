package io.tether.command.catalog;

import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Credentials or config of the wrong shape: a 400 that names each failing field. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CatalogProblemAdvice {

    @ExceptionHandler(InvalidShapeException.class)
    ProblemDetail invalidShape(InvalidShapeException exception) {
        return Problems.invalid("validation_failed", exception.summary(), exception.violations().stream()
                .map(violation -> new FieldProblem(violation.field(), violation.message()))
                .toList());
    }
}
