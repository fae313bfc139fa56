package io.tether.command.provider;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_GLOBAL_INTEGRATION_STATE;
import static io.tether.api.problem.ProblemCode.OAUTH_NOT_CONFIGURED;
import static io.tether.api.problem.ProblemCode.PROVIDER_UNAVAILABLE;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.api.problem.Refuses;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.web.AnswersPosition;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;

import io.tether.api.account.AccountView;
import io.tether.api.global.GlobalIntegrationCredentialsView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.ReadGlobalIntegrationCredentialsCommand;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.Map;
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
 * "Test connection" for accounts and global integrations (an admin, or an internal worker that finds a call
 * refused), and the credentials of global integrations for internal workers, every read on record.
 */
@RestController
class VerificationController {

    private final CredentialChecks checks;
    private final CommandGateway commands;
    private final EventStorePositions positions;

    VerificationController(CredentialChecks checks, CommandGateway commands, EventStorePositions positions) {
        this.checks = checks;
        this.commands = commands;
        this.positions = positions;
    }

    @PostMapping("/integrations/accounts/{accountId}/verify")
    @Operation(operationId = "verifyAccount", summary = "Test an account's connection", tags = "accounts",
            description = "The provider checks the stored credentials (an LWA token refresh for Amazon, a token for "
                    + "Walmart). Accepted or refused is recorded (a refusal puts the account in ERROR with the "
                    + "provider's reason; a success after ERROR recovers it); a provider that does not answer "
                    + "leaves the account as it is and is a 503.")
    @AllowedRoles({Roles.ADMIN, Roles.SERVICE})
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, PROVIDER_UNAVAILABLE, OAUTH_NOT_CONFIGURED,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> verifyAccount(@PathVariable UUID accountId, Caller caller) {
        AccountView account = checks.verifyAccount(accountId, caller.organizationId(), Map.of());
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(account);
    }

    @PostMapping("/integrations/global/{integrationId}/verify")
    @Operation(operationId = "verifyGlobalIntegration", summary = "Test a global integration's connection",
            tags = "global-integrations",
            description = "The service checks the stored credentials (Slack auth.test; the authenticated user for "
                    + "ClickUp, GitHub, Jira and Linear). Recorded as for accounts; a service that does not answer is a 503.")
    @AllowedRoles({Roles.ADMIN, Roles.SERVICE})
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, ILLEGAL_GLOBAL_INTEGRATION_STATE, PROVIDER_UNAVAILABLE,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<GlobalIntegrationView> verifyGlobalIntegration(@PathVariable UUID integrationId, Caller caller) {
        GlobalIntegrationView integration = checks.verifyGlobalIntegration(integrationId, caller.organizationId(), Map.of());
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(integration);
    }

    /** As the accounts' credential endpoint: a POST because every read is a recorded event, with who and why. */
    @PostMapping("/integrations/global/{integrationId}/credentials")
    @Operation(operationId = "readGlobalIntegrationCredentials", summary = "Read a global integration's credentials",
            tags = "credentials",
            description = "For internal workers (role service): the integration's credentials, opened, with the "
                    + "purpose recorded in an event.")
    @AllowedRoles(Roles.SERVICE)
    @Refuses({GLOBAL_INTEGRATION_NOT_FOUND, ILLEGAL_GLOBAL_INTEGRATION_STATE, CREDENTIALS_SHREDDED,
            CREDENTIALS_UNREADABLE, CREDENTIAL_STORE_UNAVAILABLE})
    ResponseEntity<GlobalIntegrationCredentialsView> readGlobalCredentials(@PathVariable UUID integrationId,
                                                                           @RequestBody CredentialsRequest request,
                                                                           Caller caller) {
        try {
            GlobalIntegrationCredentialsView credentials = commands.sendAndWait(
                    new ReadGlobalIntegrationCredentialsCommand(integrationId, caller.organizationId(), request.purpose()));
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(credentials);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    @Schema(name = "GlobalIntegrationCredentialsRequest")
    record CredentialsRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Why the worker reads them; recorded",
            example = "post the nightly report") String purpose) {
    }
}
