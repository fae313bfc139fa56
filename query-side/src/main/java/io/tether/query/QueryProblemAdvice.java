package io.tether.query;

import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import io.tether.query.account.AccountNotFoundException;
import io.tether.query.account.InvalidCursorException;
import io.tether.query.admin.ProjectionClaimedElsewhereException;
import io.tether.query.admin.ProjectionNotFoundException;
import io.tether.query.admin.ProjectionNotReplayableException;
import io.tether.query.audit.AggregateNotFoundException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The query side's exceptions, each mapped by type to its status and stable code. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryProblemAdvice {

    @ExceptionHandler(AccountNotFoundException.class)
    ProblemDetail notFound(AccountNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "account_not_found", exception.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail noHistory(AggregateNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "not_found", exception.getMessage());
    }

    @ExceptionHandler(ProjectionNotFoundException.class)
    ProblemDetail noProjection(ProjectionNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "projection_not_found", exception.getMessage());
    }

    @ExceptionHandler(ProjectionNotReplayableException.class)
    ProblemDetail notReplayable(ProjectionNotReplayableException exception) {
        return Problems.problem(HttpStatus.CONFLICT, "projection_not_replayable", exception.getMessage());
    }

    @ExceptionHandler(ProjectionClaimedElsewhereException.class)
    ProblemDetail claimedElsewhere(ProjectionClaimedElsewhereException exception) {
        return Problems.problem(HttpStatus.CONFLICT, "projection_claimed_elsewhere", exception.getMessage());
    }

    @ExceptionHandler(InvalidCursorException.class)
    ProblemDetail invalidCursor(InvalidCursorException exception) {
        return Problems.invalid("invalid_parameter", exception.getMessage(),
                List.of(new FieldProblem("cursor", "is not a cursor this service handed out")));
    }
}
