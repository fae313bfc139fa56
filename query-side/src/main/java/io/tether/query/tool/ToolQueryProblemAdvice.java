package io.tether.query.tool;

import io.tether.infrastructure.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ToolQueryProblemAdvice {

    @ExceptionHandler(ToolNotFoundException.class)
    ProblemDetail notFound(ToolNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "tool_not_found", exception.getMessage());
    }
}
