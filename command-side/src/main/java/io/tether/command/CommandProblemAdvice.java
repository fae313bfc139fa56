package io.tether.command;

import io.tether.command.account.AccessTokenRefreshFailedException;
import io.tether.command.account.AccountDeletedException;
import io.tether.command.account.AccountNameTakenException;
import io.tether.command.account.AccountNotFoundException;
import io.tether.command.account.IllegalAccountStateException;
import io.tether.command.account.InconsistentAccountException;
import io.tether.command.account.OAuthFlowMismatchException;
import io.tether.command.credentials.CipherRefusedException;
import io.tether.command.credentials.CipherUnavailableException;
import io.tether.command.credentials.CredentialsShreddedException;
import io.tether.command.credentials.CredentialsUnreadableException;
import io.tether.infrastructure.web.Problems;
import io.tether.infrastructure.web.Problems.FieldProblem;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The command side's domain exceptions, each mapped by type to its status and stable code. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemAdvice.class);

    @ExceptionHandler(AccountNotFoundException.class)
    ProblemDetail notFound(AccountNotFoundException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "account_not_found", exception.getMessage());
    }

    @ExceptionHandler(AccessTokenRefreshFailedException.class)
    ResponseEntity<ProblemDetail> refreshFailed(AccessTokenRefreshFailedException exception) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "access_token_refresh_failed", exception.getMessage()));
    }

    @ExceptionHandler(AccountDeletedException.class)
    ProblemDetail deleted(AccountDeletedException exception) {
        return Problems.problem(HttpStatus.NOT_FOUND, "account_not_found", exception.getMessage());
    }

    @ExceptionHandler(AccountNameTakenException.class)
    ProblemDetail nameTaken(AccountNameTakenException exception) {
        ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "account_name_taken", exception.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem("account_name", "is already taken")));
        return problem;
    }

    @ExceptionHandler(IllegalAccountStateException.class)
    ProblemDetail illegalState(IllegalAccountStateException exception) {
        ProblemDetail problem = Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "illegal_account_state",
                exception.getMessage());
        problem.setProperty("status_now", exception.status());
        return problem;
    }

    @ExceptionHandler(InconsistentAccountException.class)
    ProblemDetail inconsistent(InconsistentAccountException exception) {
        return Problems.invalid("validation_failed", "The request has invalid fields.",
                List.of(new FieldProblem(exception.field(), exception.getMessage())));
    }

    @ExceptionHandler(OAuthFlowMismatchException.class)
    ProblemDetail oauthFlowMismatch(OAuthFlowMismatchException exception) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "oauth_flow_mismatch", exception.getMessage());
    }

    @ExceptionHandler(CredentialsShreddedException.class)
    ProblemDetail shredded(CredentialsShreddedException exception) {
        return Problems.problem(HttpStatus.GONE, "credentials_shredded", exception.getMessage());
    }

    @ExceptionHandler(CipherUnavailableException.class)
    ResponseEntity<ProblemDetail> cipherUnavailable(CipherUnavailableException exception) {
        log.error("The credential key store is unavailable: {}", exception.getMessage(), exception.getCause());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "credential_store_unavailable",
                        "Credentials cannot be sealed or opened right now; nothing was changed. Try again later."));
    }

    /** Not an outage: retrying changes nothing until an operator fixes Vault's policy, mount or AppRole. */
    @ExceptionHandler(CipherRefusedException.class)
    ProblemDetail cipherRefused(CipherRefusedException exception) {
        log.error("The credential key store refused Tether ({}): {}", exception.refusal().code(), exception.getMessage());
        ProblemDetail problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, exception.refusal().code(),
                "The credential key store refused the request: " + exception.getMessage()
                        + ". Nothing was changed; an operator must fix Vault's configuration for Tether.");
        problem.setProperty("refusal", exception.refusal().name().toLowerCase(Locale.ROOT));
        return problem;
    }

    @ExceptionHandler(CredentialsUnreadableException.class)
    ProblemDetail unreadable(CredentialsUnreadableException exception) {
        log.warn("Stored credentials could not be opened: {}", exception.getMessage());
        return Problems.problem(HttpStatus.CONFLICT, "credentials_unreadable",
                "The stored credentials cannot be opened; connect the account again.");
    }
}
