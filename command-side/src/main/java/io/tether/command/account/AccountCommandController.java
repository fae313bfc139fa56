package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;

import io.tether.api.account.AccountView;
import io.tether.api.account.ChooseAdsProfileCommand;
import io.tether.api.account.ConnectAccountCommand;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.DeleteAccountCommand;
import io.tether.api.account.DisconnectAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.command.provider.CredentialChecks;
import io.tether.command.provider.ProviderProperties;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The account endpoints that change state; each answers with the position of the events it appended. */
@RestController
@RequestMapping("/integrations/accounts")
class AccountCommandController {

    private final CommandGateway commands;
    private final EventStorePositions positions;
    private final CredentialChecks checks;
    private final ProviderProperties providers;

    AccountCommandController(CommandGateway commands, EventStorePositions positions, CredentialChecks checks,
                             ProviderProperties providers) {
        this.commands = commands;
        this.positions = positions;
        this.checks = checks;
        this.providers = providers;
    }

    @PostMapping
    ResponseEntity<AccountView> create(@RequestBody CreateAccountRequest request, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        UUID accountId = UUID.randomUUID();
        AccountView account = send(accountId, new CreateAccountCommand(accountId, caller.organizationId(),
                request.marketplace(), request.integrationType(), request.accountName(), request.region()));
        return ResponseEntity
                .created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(accountId))
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(account);
    }

    @PostMapping("/{accountId}/connect")
    ResponseEntity<AccountView> connect(@PathVariable UUID accountId, @RequestBody ConnectAccountRequest request,
                                        Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        // Checked at the provider before anything is stored, unless the request or the setting says not to.
        boolean verify = request.verify() == null ? providers.verifyOnConnect() : request.verify();
        if (verify && request.credentials() != null && !request.credentials().isEmpty()) {
            checks.requireAcceptedBeforeConnect(accountId, caller.organizationId(), request.credentials());
        }
        return changed(accountId, new ConnectAccountCommand(accountId, caller.organizationId(), request.credentials()));
    }

    @PostMapping("/{accountId}/disconnect")
    ResponseEntity<AccountView> disconnect(@PathVariable UUID accountId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        return changed(accountId, new DisconnectAccountCommand(accountId, caller.organizationId()));
    }

    /** For internal workers that find an account's credentials no longer work. */
    @PostMapping("/{accountId}/mark-failed")
    ResponseEntity<AccountView> markFailed(@PathVariable UUID accountId, @RequestBody MarkFailedRequest request,
                                           Caller caller) {
        caller.requireAnyRole(Roles.ADMIN, Roles.SERVICE);
        return changed(accountId,
                new MarkAccountFailedCommand(accountId, caller.organizationId(), request.errorMessage()));
    }

    /** An admin chooses which of an Amazon Ads account's profiles workers act for. */
    @PutMapping("/{accountId}/profile")
    ResponseEntity<AccountView> chooseProfile(@PathVariable UUID accountId, @RequestBody ChooseProfileRequest request,
                                              Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        return changed(accountId, new ChooseAdsProfileCommand(accountId, caller.organizationId(), request.profileId()));
    }

    @DeleteMapping("/{accountId}")
    ResponseEntity<Void> delete(@PathVariable UUID accountId, Caller caller) {
        caller.requireAnyRole(Roles.ADMIN);
        send(accountId, new DeleteAccountCommand(accountId, caller.organizationId()));
        return ResponseEntity.noContent()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .build();
    }

    private ResponseEntity<AccountView> changed(UUID accountId, Object command) {
        AccountView account = send(accountId, command);
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(account);
    }

    private <R> R send(UUID accountId, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist");
        }
    }

    record CreateAccountRequest(Marketplace marketplace, IntegrationType integrationType, String accountName,
                                Region region) {
    }

    /** {@code verify}: whether the provider checks the credentials first; absent, {@code tether.providers.verify-on-connect} says. */
    record ConnectAccountRequest(Map<String, String> credentials, Boolean verify) {

        @Override
        public String toString() {
            return "ConnectAccountRequest[credentials=<redacted>, verify=" + verify + "]";
        }
    }

    record MarkFailedRequest(String errorMessage) {
    }

    record ChooseProfileRequest(String profileId) {
    }
}
