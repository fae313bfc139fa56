package io.tether.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CONCURRENT_MODIFICATION;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.OFFBOARDING_NOT_CONFIRMED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.account.AccountKeyView;
import io.tether.api.account.DeleteAccountCommand;
import io.tether.api.account.RotateAccountKeyCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.GlobalIntegrationKeyView;
import io.tether.api.global.RotateGlobalIntegrationKeyCommand;
import io.tether.api.problem.ProblemException;
import io.tether.api.problem.Refuses;
import io.tether.command.credentials.CredentialRewrapper.RewrapResult;
import io.tether.command.credentials.CredentialRewrapper;
import io.tether.command.global.GlobalIntegrationScopes;
import io.tether.command.notice.NoticeOffboarding;
import io.tether.eventing.EventStorePositions;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.AnswersPosition;
import io.tether.infrastructure.web.ConsistencyHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The key lifecycle of an organization's credentials: rotation, rewrap, and offboarding (crypto-shredding). */
@RestController
@Tag(name = "keys", description = "The keys that seal an organization's credentials: rotation, rewrap and offboarding")
class KeyController {

    private final CommandGateway commands;
    private final AccountNameRegistry accounts;
    private final CredentialRewrapper rewrapper;
    private final EventStorePositions positions;
    private final GlobalIntegrationScopes globalIntegrations;
    private final NoticeOffboarding notices;

    KeyController(CommandGateway commands, AccountNameRegistry accounts, CredentialRewrapper rewrapper,
                  EventStorePositions positions, GlobalIntegrationScopes globalIntegrations, NoticeOffboarding notices) {
        this.commands = commands;
        this.notices = notices;
        this.accounts = accounts;
        this.globalIntegrations = globalIntegrations;
        this.rewrapper = rewrapper;
        this.positions = positions;
    }

    @PostMapping("/integrations/accounts/{accountId}/key/rotate")
    @Operation(operationId = "rotateAccountKey", summary = "Rotate an account's key",
            description = "A new version of the account's key; its current credentials are re-sealed under it.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({ACCOUNT_NOT_FOUND, ILLEGAL_ACCOUNT_STATE, CREDENTIALS_SHREDDED, CREDENTIAL_STORE_UNAVAILABLE,
            CONCURRENT_MODIFICATION})
    @AnswersPosition
    ResponseEntity<AccountKeyView> rotate(@PathVariable UUID accountId, Caller caller) {
        AccountKeyView key = rotateKeyOf(accountId, caller.organizationId());
        return ResponseEntity.ok()
                .header(ConsistencyHeaders.POSITION, String.valueOf(positions.latestOf(accountId)))
                .body(key);
    }

    /** Rotates every key of the organization: its accounts' (saying which had none yet) and its global integrations'. */
    @PostMapping("/integrations/keys/rotate")
    @Operation(operationId = "rotateOrganizationKeys", summary = "Rotate every key of the organization",
            description = "Rotates the keys of the organization's accounts and global integrations, and says which "
                    + "accounts had no key yet.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    OrganizationRotation rotateAll(Caller caller) {
        List<AccountKeyView> rotated = new ArrayList<>();
        List<UUID> withoutKey = new ArrayList<>();
        for (UUID accountId : accounts.accountsOf(caller.organizationId())) {
            try {
                rotated.add(rotateKeyOf(accountId, caller.organizationId()));
            } catch (ProblemException refused) {
                if (!refused.is(ILLEGAL_ACCOUNT_STATE)) {
                    throw refused;
                }
                withoutKey.add(accountId); // no key yet
            }
        }
        List<GlobalIntegrationKeyView> rotatedGlobal = globalIntegrations.integrationsOf(caller.organizationId()).stream()
                .map(id -> commands.<GlobalIntegrationKeyView>sendAndWait(
                        new RotateGlobalIntegrationKeyCommand(id, caller.organizationId())))
                .toList();
        return new OrganizationRotation(rotated, withoutKey, rotatedGlobal);
    }

    @PostMapping("/integrations/keys/rewrap")
    @Operation(operationId = "rewrapOrganizationCredentials", summary = "Re-seal the organization's credentials",
            description = "Re-seals the stored current credentials under each key's newest version.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({CREDENTIAL_STORE_UNAVAILABLE, CONCURRENT_MODIFICATION})
    RewrapResult rewrap(Caller caller) {
        return rewrapper.rewrapOrganization(caller.organizationId());
    }

    /**
     * Deletes every account and global integration of the organization; each one's key is then destroyed.
     * Its notice endpoints go first, with their deliveries, so that none is told of the deletions. The body
     * must confirm it with the organization's own id: without it nothing happens.
     */
    @PostMapping("/integrations/organization/offboard")
    @Operation(operationId = "offboardOrganization", summary = "Offboard the organization",
            description = "Deletes every account and global integration of the organization, and so destroys every "
                    + "key, and its notice endpoints with their deliveries. The body must confirm it with the caller's "
                    + "organization id; without it nothing happens.")
    @AllowedRoles(Roles.ADMIN)
    @Refuses({OFFBOARDING_NOT_CONFIRMED, CONCURRENT_MODIFICATION})
    Offboarding offboard(@RequestBody OffboardingConfirmation confirmation, Caller caller) {
        if (!caller.organizationId().equals(confirmation.confirmOrganizationId())) {
            throw OFFBOARDING_NOT_CONFIRMED.fieldException("confirm_organization_id",
                    "must be the id of the caller's organization, " + caller.organizationId());
        }
        List<UUID> deletedEndpoints = notices.deleteEndpointsOf(caller.organizationId(), caller.subject());
        List<UUID> deleted = new ArrayList<>();
        for (UUID accountId : accounts.accountsOf(caller.organizationId())) {
            commands.sendAndWait(new DeleteAccountCommand(accountId, caller.organizationId()));
            deleted.add(accountId);
        }
        List<UUID> deletedGlobal = new ArrayList<>();
        for (UUID integrationId : globalIntegrations.integrationsOf(caller.organizationId())) {
            commands.sendAndWait(new DeleteGlobalIntegrationCommand(integrationId, caller.organizationId()));
            deletedGlobal.add(integrationId);
        }
        return new Offboarding(deleted, deletedGlobal, deletedEndpoints);
    }

    private AccountKeyView rotateKeyOf(UUID accountId, UUID organizationId) {
        try {
            return commands.sendAndWait(new RotateAccountKeyCommand(accountId, organizationId));
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist");
        }
    }

    record OrganizationRotation(List<AccountKeyView> rotated, List<UUID> withoutKey,
                                List<GlobalIntegrationKeyView> rotatedGlobalIntegrations) {
    }

    record OffboardingConfirmation(
            @Schema(requiredMode = REQUIRED, description = "The caller's organization id") UUID confirmOrganizationId) {
    }

    record Offboarding(List<UUID> deletedAccounts, List<UUID> deletedGlobalIntegrations, List<UUID> deletedNoticeEndpoints) {
    }
}
