package io.tether.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.ACCESS_TOKEN_REFRESH_FAILED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.account.AccountCredentialsView;
import io.tether.api.account.ReadAccountCredentialsCommand;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credential access for internal workers (role {@code service}): the one endpoint that answers with
 * secrets. A POST because every read is a recorded event, with the caller and the purpose it gives. An
 * OAuth access token that expires within the refresh-ahead window is refreshed first. A read does not go through
 * the account's aggregate ({@link AccountCredentialReads} says why).
 */
@RestController
@Tag(name = "credentials", description = "Credential access for internal workers: every read is recorded")
class CredentialAccessController {

    private final AccountCredentialReads reads;

    CredentialAccessController(AccountCredentialReads reads) {
        this.reads = reads;
    }

    @PostMapping("/integrations/accounts/{accountId}/credentials")
    @Operation(operationId = "readAccountCredentials", summary = "Read an account's credentials",
            description = "For internal workers (role service): the account's credentials, opened, with the purpose "
                    + "recorded in an event. An access token that expires soon is refreshed first.")
    @AllowedRoles(Roles.SERVICE)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CREDENTIALS_SHREDDED, CREDENTIALS_UNREADABLE,
            ACCESS_TOKEN_REFRESH_FAILED, CREDENTIAL_STORE_UNAVAILABLE})
    ResponseEntity<AccountCredentialsView> read(@PathVariable UUID accountId, @RequestBody CredentialsRequest request,
                                                Caller caller) {
        AccountCredentialsView credentials = reads.read(
                new ReadAccountCredentialsCommand(accountId, caller.organizationId(), request.purpose()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(credentials);
    }

    record CredentialsRequest(
            @Schema(requiredMode = REQUIRED, description = "Why the worker reads them; recorded",
                    example = "nightly campaign sync") String purpose) {
    }
}
