package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;

import io.tether.api.account.AccountCredentialsView;
import io.tether.api.account.ReadAccountCredentialsCommand;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credential access for internal workers (role {@code service}): the one endpoint that answers with
 * secrets. A POST because every read is a recorded event, with the caller and the purpose it gives. An
 * OAuth access token that expires within the refresh-ahead window is refreshed first.
 */
@RestController
class CredentialAccessController {

    private final CommandGateway commands;
    private final ExpiringAccessTokens expiringTokens;

    CredentialAccessController(CommandGateway commands, ExpiringAccessTokens expiringTokens) {
        this.commands = commands;
        this.expiringTokens = expiringTokens;
    }

    @PostMapping("/integrations/accounts/{accountId}/credentials")
    ResponseEntity<AccountCredentialsView> read(@PathVariable UUID accountId, @RequestBody CredentialsRequest request,
                                                Caller caller) {
        caller.requireAnyRole(Roles.SERVICE);
        expiringTokens.refreshIfExpiring(accountId, caller.organizationId());
        try {
            AccountCredentialsView credentials = commands.sendAndWait(
                    new ReadAccountCredentialsCommand(accountId, caller.organizationId(), request.purpose()));
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(credentials);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist");
        }
    }

    record CredentialsRequest(String purpose) {
    }
}
