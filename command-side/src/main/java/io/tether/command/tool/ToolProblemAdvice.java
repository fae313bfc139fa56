package io.tether.command.tool;

import io.tether.command.catalog.InvalidShapeException.Violation;
import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The tool definitions' exceptions, each mapped by type to its status and stable code. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ToolProblemAdvice {

    @ExceptionHandler(UnknownIntegrationException.class)
    ProblemDetail unknownIntegration(UnknownIntegrationException exception) {
        ProblemDetail problem = Problems.invalid("unknown_integration", exception.getMessage(),
                fieldProblems(exception.violations()));
        problem.setProperty("known_integrations", UnknownIntegrationException.knownSlugs());
        return problem;
    }

    @ExceptionHandler(RepeatedRequirementException.class)
    ProblemDetail repeated(RepeatedRequirementException exception) {
        return Problems.invalid("validation_failed", exception.getMessage(), fieldProblems(exception.violations()));
    }

    private static List<FieldProblem> fieldProblems(List<Violation> violations) {
        return violations.stream().map(violation -> new FieldProblem(violation.field(), violation.message())).toList();
    }
}
