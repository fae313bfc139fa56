package io.tether.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NAME_TAKEN;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_REJECTED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.PROVIDER_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import io.tether.api.problem.Refuses;
import io.tether.command.provider.CredentialChecks;
import io.tether.command.provider.ProviderProperties;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.RandomUuids;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.AnswersPosition;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.annotation.Nullable;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The account endpoints that change state; each answers with the position of the events it appended. */
@RestController
@RequestMapping("/integrations/accounts")
@Tag(name = "accounts", description = "Integration accounts: an organization's connections to Amazon and Walmart "
        + "marketplace accounts")
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
    @Operation(operationId = "createAccount", summary = "Create an account",
            description = "Creates a DISCONNECTED account; its name is unique per organization, marketplace and "
                    + "integration type, ignoring case and surrounding spaces. With credentials, creates it CONNECTED "
                    + "in the same transaction: they are checked as a connect checks them (the catalog schema, then "
                    + "the provider unless verify says not to), and a refusal creates nothing.")
    @ResponseStatus(HttpStatus.CREATED)
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NAME_TAKEN, CREDENTIALS_REJECTED, PROVIDER_UNAVAILABLE,
            CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> create(@RequestBody CreateAccountRequest request, Caller caller) {
        UUID accountId = RandomUuids.next();
        CreateAccountCommand command = new CreateAccountCommand(accountId, caller.organizationId(), request.marketplace(),
                request.integrationType(), request.accountName(), request.region(), request.credentials());
        boolean verify = request.verify() == null ? providers.verifyOnConnect() : request.verify();
        if (verify && command.credentials() != null && !command.credentials().isEmpty()
                && command.integrationType().marketplace() == command.marketplace()) {
            checks.requireAcceptedBeforeAccountCreate(command.integrationType(), command.region(), command.credentials());
        }
        AccountView account = send(accountId, command);
        return ResponseEntity
                .created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(accountId))
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(account);
    }

    @PostMapping("/{accountId}/connect")
    @Operation(operationId = "connectAccount", summary = "Connect an account with its credentials",
            description = "Checks the credentials against the catalog schema of the account's integration type, seals "
                    + "them under the account's key, and marks the account CONNECTED.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CREDENTIALS_REJECTED, PROVIDER_UNAVAILABLE, CREDENTIAL_STORE_UNAVAILABLE,
            CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> connect(@PathVariable UUID accountId, @RequestBody ConnectAccountRequest request,
                                        Caller caller) {
        // Checked at the provider before anything is stored, unless the request or the setting says not to.
        boolean verify = request.verify() == null ? providers.verifyOnConnect() : request.verify();
        if (verify && request.credentials() != null && !request.credentials().isEmpty()) {
            checks.requireAcceptedBeforeConnect(accountId, caller.organizationId(), request.credentials());
        }
        return changed(accountId, new ConnectAccountCommand(accountId, caller.organizationId(), request.credentials()));
    }

    @PostMapping("/{accountId}/disconnect")
    @Operation(operationId = "disconnectAccount", summary = "Disconnect an account",
            description = "Clears the account's credentials and marks it DISCONNECTED.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> disconnect(@PathVariable UUID accountId, Caller caller) {
        return changed(accountId, new DisconnectAccountCommand(accountId, caller.organizationId()));
    }

    /** For internal workers that find an account's credentials no longer work. */
    @PostMapping("/{accountId}/mark-failed")
    @Operation(operationId = "markAccountFailed", summary = "Mark an account failed",
            description = "For internal workers whose calls with the account's credentials fail: the account goes to "
                    + "ERROR with this error message.")
    @AllowedRoles({Roles.ADMIN, Roles.SERVICE})
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> markFailed(@PathVariable UUID accountId, @RequestBody MarkFailedRequest request,
                                           Caller caller) {
        return changed(accountId,
                new MarkAccountFailedCommand(accountId, caller.organizationId(), request.errorMessage()));
    }

    /** An admin chooses which of an Amazon Ads account's profiles workers act for. */
    @PutMapping("/{accountId}/profile")
    @Operation(operationId = "chooseAdsProfile", summary = "Choose an Amazon Ads account's advertising profile",
            description = "One of the profiles Amazon listed after the OAuth flow (GET …/ads-profiles); workers then "
                    + "receive its profile_id with the credentials, for the Amazon-Advertising-API-Scope header.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountView> chooseProfile(@PathVariable UUID accountId, @RequestBody ChooseProfileRequest request,
                                              Caller caller) {
        return changed(accountId, new ChooseAdsProfileCommand(accountId, caller.organizationId(), request.profileId()));
    }

    @DeleteMapping("/{accountId}")
    @Operation(operationId = "deleteAccount", summary = "Delete an account",
            description = "Deletes the account; its key is then destroyed, so its credentials can never be opened "
                    + "again.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<Void> delete(@PathVariable UUID accountId, Caller caller) {
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

    record CreateAccountRequest(@Schema(requiredMode = REQUIRED) Marketplace marketplace,
                                @Schema(requiredMode = REQUIRED) IntegrationType integrationType,
                                @Schema(requiredMode = REQUIRED, description = "1 to 100 characters once trimmed",
                                        example = "EU Ads") String accountName,
                                @Schema(requiredMode = REQUIRED) Region region,
                                @Schema(description = "The fields of the catalog's credentials schema: the account is "
                                        + "created CONNECTED with them; absent, it is created DISCONNECTED",
                                        example = "{\"refresh_token\":\"Atzr|IwEBIexample\",\"profile_id\":\"123456\"}")
                                @Nullable Map<String, String> credentials,
                                @Schema(description = "With credentials: whether the provider checks them before "
                                        + "anything is stored; absent, the setting tether.providers.verify-on-connect "
                                        + "decides") @Nullable Boolean verify) {

        @Override
        public String toString() {
            return "CreateAccountRequest[marketplace=" + marketplace + ", integrationType=" + integrationType
                    + ", accountName=" + accountName + ", region=" + region + ", credentials="
                    + (credentials == null ? "none" : "<redacted>") + ", verify=" + verify + "]";
        }
    }

    /** {@code verify}: whether the provider checks the credentials first; absent, {@code tether.providers.verify-on-connect} says. */
    record ConnectAccountRequest(
            @Schema(requiredMode = REQUIRED, description = "The fields of the catalog's credentials schema",
                    example = "{\"refresh_token\":\"Atzr|IwEBIexample\",\"profile_id\":\"123456\"}")
            Map<String, String> credentials,
            @Schema(description = "Whether the provider checks the credentials before they are stored; "
                    + "absent, the setting tether.providers.verify-on-connect decides") @Nullable Boolean verify) {

        @Override
        public String toString() {
            return "ConnectAccountRequest[credentials=<redacted>, verify=" + verify + "]";
        }
    }

    record MarkFailedRequest(
            @Schema(requiredMode = REQUIRED, example = "Amazon refused the refresh token: reconnect the account")
            String errorMessage) {
    }

    @Schema(name = "ChooseAdsProfileRequest")
    record ChooseProfileRequest(@Schema(requiredMode = REQUIRED, description = "One of the account's listed profiles",
            example = "3245523401234567") String profileId) {
    }
}
