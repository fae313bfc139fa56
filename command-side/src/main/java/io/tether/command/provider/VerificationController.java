package io.tether.command.provider;

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
    ResponseEntity<AccountView> verifyAccount(@PathVariable UUID accountId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN, Roles.SERVICE);
        AccountView account = checks.verifyAccount(accountId, caller.organizationId(), Map.of());
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(account);
    }

    @PostMapping("/integrations/global/{integrationId}/verify")
    ResponseEntity<GlobalIntegrationView> verifyGlobalIntegration(@PathVariable UUID integrationId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN, Roles.SERVICE);
        GlobalIntegrationView integration = checks.verifyGlobalIntegration(integrationId, caller.organizationId(), Map.of());
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(integrationId)))
                .body(integration);
    }

    /** As the accounts' credential endpoint: a POST because every read is a recorded event, with who and why. */
    @PostMapping("/integrations/global/{integrationId}/credentials")
    ResponseEntity<GlobalIntegrationCredentialsView> readGlobalCredentials(@PathVariable UUID integrationId,
                                                                           @RequestBody CredentialsRequest request,
                                                                           Caller caller) {
        caller.requireAnyRole(Roles.SERVICE);
        try {
            GlobalIntegrationCredentialsView credentials = commands.sendAndWait(
                    new ReadGlobalIntegrationCredentialsCommand(integrationId, caller.organizationId(), request.purpose()));
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(credentials);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist");
        }
    }

    record CredentialsRequest(String purpose) {
    }
}
