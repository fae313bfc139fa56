package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.INCONSISTENT_ACCOUNT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonManagedReference;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AdsProfile;
import io.tether.api.account.AdsProfileChosenEvent;
import io.tether.api.account.AdsProfilesFetchedEvent;
import io.tether.api.account.ChooseAdsProfileCommand;
import io.tether.api.account.MarketplaceParticipationsRecordedEvent;
import io.tether.api.account.RecordAdsProfilesCommand;
import io.tether.api.account.RecordMarketplaceParticipationsCommand;
import io.tether.api.account.AccountCredentialsRejectedEvent;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.RecordAccountCredentialsCheckCommand;
import io.tether.api.account.AccountCredentialsShreddedEvent;
import io.tether.api.account.AccountCredentialsShreddingPendingEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import io.tether.api.account.AccountKeyView;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.ConnectAccountCommand;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.DeleteAccountCommand;
import io.tether.api.account.DisconnectAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.account.RotateAccountKeyCommand;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.ShreddingResult;
import io.tether.command.provider.CredentialsUnderCheck;
import io.tether.command.provider.ProviderCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One organization's connection to one marketplace account.
 *
 * <pre>
 *   create ─▶ DISCONNECTED ─connect─▶ CONNECTED ─mark failed─▶ ERROR
 *                  ▲                    │  ▲                      │
 *                  └────disconnect──────┘  └──────connect─────────┘
 *
 *   delete from any status; a deleted account accepts nothing but the shredding of its key.
 * </pre>
 *
 * Connecting by OAuth (CONNECTING, then CONNECTED or ERROR, or back where it was) is the account's
 * entity {@link OAuthFlows}; it changes the account's status and credentials through the
 * {@code …With} methods below. Time comes from the injected {@link Clock}, the one that stamps the events.
 *
 * Every handler answers with the account as it now is, so that the REST response is exact without
 * waiting for the read model.
 *
 * A snapshot of these fields (ciphertexts and hashes only, like the events) is taken every
 * {@code tether.snapshots.every-events} events, so that a long-lived account loads in bounded time.
 * The snapshot's revision is the class's {@link Revision}: Axon reads only snapshots of that revision
 * and replays the events for any other. Raise it whenever the fields' shape changes (revision 2: the
 * pending OAuth flow moved from the account into {@link OAuthFlows}).
 */
@Aggregate(snapshotTriggerDefinition = AccountSnapshots.TRIGGER, cache = AccountCache.NAME)
@Revision(IntegrationAccount.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class IntegrationAccount {

    /** The credential that names the Amazon Ads profile workers act for. */
    static final String PROFILE_ID = "profile_id";

    /** The shape of the account's snapshots; see the class comment. */
    static final String SNAPSHOT_REVISION = "3";

    @AggregateIdentifier
    private UUID accountId;
    private UUID organizationId;
    private Marketplace marketplace;
    private IntegrationType integrationType;
    private String accountName;
    private Region region;
    private AccountStatus status;
    private String errorMessage;
    private EncryptedCredentials credentials;
    private Instant connectedAt;
    private Instant createdAt;
    private Instant updatedAt;
    private int keyVersion;
    private boolean deleted;
    private boolean shredded;
    private String shreddingPendingReason;
    /** The Amazon Ads profiles the authorization reaches; null until they are fetched. */
    private List<AdsProfile> adsProfiles;
    /** The Ads profile workers act for, handed out with the credentials; null until an admin chooses one. */
    private String adsProfileId;
    /** Never null: Axon routes the OAuth commands to this entity, and to a missing one it routes none. */
    @AggregateMember
    @JsonManagedReference
    private OAuthFlows oauth = new OAuthFlows(this);

    IntegrationAccount() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    /**
     * A creation handler rather than a constructor, so that it can answer with the new account. Credentials that come
     * with the creation are checked as a connect checks them, before anything is reserved or sealed, and connect the
     * account in the same transaction.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    AccountView handle(CreateAccountCommand command, AccountNameRegistry names, CredentialShapes shapes,
                       CredentialCipher cipher) {
        requireSameMarketplace(command);
        if (command.credentials() != null) {
            shapes.requireValidCredentials(IntegrationCatalog.of(command.integrationType()), command.credentials());
        }
        names.reserve(command.organizationId(), command.marketplace(), command.integrationType(),
                command.accountName(), command.accountId());
        apply(new AccountCreatedEvent(command.accountId(), command.organizationId(), command.marketplace(),
                command.integrationType(), command.accountName(), command.region()));
        if (command.credentials() != null) {
            apply(new AccountConnectedEvent(command.accountId(), cipher.encrypt(
                    CredentialOwner.accountCredentials(command.organizationId(), command.accountId()), command.credentials())));
        }
        return view();
    }

    /** The credentials must have the shape the catalog gives the account's integration type before anything is sealed. */
    @CommandHandler
    AccountView handle(ConnectAccountCommand command, CredentialShapes shapes, CredentialCipher cipher) {
        requireLiveAccountOf(command.organizationId());
        shapes.requireValidCredentials(IntegrationCatalog.of(integrationType), command.credentials());
        EncryptedCredentials sealed = cipher.encrypt(
                CredentialOwner.accountCredentials(organizationId, accountId), command.credentials());
        apply(new AccountConnectedEvent(accountId, sealed));
        return view();
    }

    @CommandHandler
    AccountView handle(DisconnectAccountCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (status == AccountStatus.DISCONNECTED) {
            throw illegalState(accountId, status, "it is already disconnected");
        }
        apply(new AccountDisconnectedEvent(accountId));
        return view();
    }

    @CommandHandler
    AccountView handle(MarkAccountFailedCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (status == AccountStatus.DISCONNECTED) {
            throw illegalState(accountId, status, "it has no connection that could fail");
        }
        if (status == AccountStatus.ERROR) {
            throw illegalState(accountId, status,
                    "it has already failed (" + errorMessage + "); reconnect it first");
        }
        apply(new AccountMarkedFailedEvent(accountId, command.errorMessage()));
        return view();
    }

    @CommandHandler
    void handle(DeleteAccountCommand command, AccountNameRegistry names) {
        requireLiveAccountOf(command.organizationId());
        names.release(accountId);
        apply(new AccountDeletedEvent(accountId));
    }

    /**
     * Opens the stored credentials for Tether to check at the provider (a "test connection", or the periodic
     * check; nothing is recorded until the outcome is, by the command below), or checks the shape of those a
     * connect brings, which the provider checks before the connect stores them.
     */
    @CommandHandler
    CredentialsUnderCheck handle(CheckAccountCredentialsCommand command, CredentialShapes shapes, CredentialCipher cipher) {
        requireLiveAccountOf(command.organizationId());
        String slug = IntegrationCatalog.of(integrationType).slug();
        if (command.credentials() != null) {
            shapes.requireValidCredentials(IntegrationCatalog.of(integrationType), command.credentials());
            return new CredentialsUnderCheck(slug, null, ProviderCredentials.ofAccount(region, command.credentials()));
        }
        if (credentials == null) {
            throw illegalState(accountId, status, "it holds no credentials to check");
        }
        Map<String, String> opened = cipher.decrypt(CredentialOwner.accountCredentials(organizationId, accountId), credentials);
        return new CredentialsUnderCheck(slug, credentials, ProviderCredentials.ofAccount(region, opened));
    }

    /**
     * The provider's answer on the credentials that were opened for the check: accepted connects (and records
     * the recovery of an account in ERROR); refused puts the account in ERROR with the reason. A refusal that
     * repeats the error the account already shows adds nothing to its history: the answer is the account as it is.
     */
    @CommandHandler
    AccountView handle(RecordAccountCredentialsCheckCommand command) {
        requireLiveAccountOf(command.organizationId());
        requireCheckableCredentials();
        if (!credentials.equals(command.checked())) {
            throw CREDENTIALS_CHANGED.exception("The credentials of account " + accountId
                    + " changed while they were being checked; check them again");
        }
        if (command.accepted()) {
            apply(new AccountCredentialsVerifiedEvent(accountId, status == AccountStatus.ERROR));
        } else if (command.reason() == null || command.reason().isBlank()) {
            throw new IllegalArgumentException("A refusal of credentials says why");
        } else if (status != AccountStatus.ERROR || !command.reason().equals(errorMessage)) {
            apply(new AccountCredentialsRejectedEvent(accountId, command.reason()));
        }
        return view();
    }

    private void requireCheckableCredentials() {
        if (credentials == null) {
            throw illegalState(accountId, status, "it holds no credentials to check");
        }
        if (status == AccountStatus.CONNECTING) {
            throw illegalState(accountId, status, "an OAuth flow is under way; its outcome says whether it connects");
        }
    }

    /** The Amazon Ads profiles the account's authorization reaches, fetched after its OAuth flow. */
    @CommandHandler
    void handle(RecordAdsProfilesCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (integrationType != IntegrationType.ADS_API) {
            throw illegalState(accountId, status, "it is a " + integrationType + " account, which has no Amazon Ads profiles");
        }
        apply(new AdsProfilesFetchedEvent(accountId, command.profiles()));
    }

    /** An admin chooses the Ads profile workers act for: one of those fetched. */
    @CommandHandler
    AccountView handle(ChooseAdsProfileCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (integrationType != IntegrationType.ADS_API) {
            throw illegalState(accountId, status, "it is a " + integrationType + " account, which has no Amazon Ads profiles");
        }
        if (adsProfiles == null) {
            throw illegalState(accountId, status, "its Amazon Ads profiles have not been fetched: connect it through "
                    + "/integrations/ads/auth-url first");
        }
        List<String> known = adsProfiles.stream().map(AdsProfile::profileId).toList();
        if (!known.contains(command.profileId())) {
            throw INCONSISTENT_ACCOUNT.fieldException(PROFILE_ID, "is not one of the account's Amazon Ads profiles ("
                    + (known.isEmpty() ? "it has none" : String.join(", ", known)) + ")");
        }
        apply(new AdsProfileChosenEvent(accountId, command.profileId()));
        return view();
    }

    /** The marketplaces a Selling Partner API account takes part in, fetched after it was connected. */
    @CommandHandler
    void handle(RecordMarketplaceParticipationsCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (integrationType != IntegrationType.SP_API_SC && integrationType != IntegrationType.SP_API_VC) {
            throw illegalState(accountId, status, "it is a " + integrationType + " account, not a Selling Partner API one");
        }
        apply(new MarketplaceParticipationsRecordedEvent(accountId, command.participations()));
    }

    /** A new key version for the account; its current credentials are re-sealed under it. */
    @CommandHandler
    AccountKeyView handle(RotateAccountKeyCommand command, CredentialCipher cipher) {
        requireLiveAccountOf(command.organizationId());
        if (keyVersion == 0) {
            throw illegalState(accountId, status,
                    "it has no credentials key yet; its key is created when it is first connected");
        }
        int newVersion = cipher.rotateKey(accountId);
        EncryptedCredentials resealed = credentials == null ? null
                : cipher.rewrap(CredentialOwner.accountCredentials(organizationId, accountId), credentials);
        apply(new AccountKeyRotatedEvent(accountId, newVersion, resealed));
        return new AccountKeyView(accountId, newVersion);
    }

    /**
     * After deletion, the key goes too: the secrets in the account's events become unrecoverable. Recorded only
     * once the key store confirms the key destroyed; otherwise pending, on record once per reason.
     */
    @CommandHandler
    ShreddingResult handle(ShredAccountCredentialsCommand command, CredentialCipher cipher) {
        if (!deleted) {
            throw illegalState(accountId, status, "only a deleted account's credentials are shredded");
        }
        if (shredded) {
            throw CREDENTIALS_ALREADY_SHREDDED.exception("The credentials of account " + accountId + " were already shredded");
        }
        try {
            cipher.destroyKey(accountId);
        } catch (ProblemException notConfirmed) {
            if (!CredentialCipher.isKeyStoreFailure(notConfirmed)) {
                throw notConfirmed;
            }
            ShreddingResult pending = ShreddingResult.pending(notConfirmed);
            if (!pending.pendingReason().equals(shreddingPendingReason)) {
                apply(new AccountCredentialsShreddingPendingEvent(accountId, pending.pendingReason()));
            }
            return pending;
        }
        apply(new AccountCredentialsShreddedEvent(accountId));
        return ShreddingResult.SHREDDED;
    }

    private static void requireSameMarketplace(CreateAccountCommand command) {
        if (command.integrationType().marketplace() != command.marketplace()) {
            throw INCONSISTENT_ACCOUNT.fieldException("integration_type", command.integrationType()
                    + " belongs to " + command.integrationType().marketplace() + ", not " + command.marketplace());
        }
        if (command.region().marketplace() != command.marketplace()) {
            throw INCONSISTENT_ACCOUNT.fieldException("region", command.region()
                    + " is a region of " + command.region().marketplace() + ", not of " + command.marketplace());
        }
    }

    void requireLiveAccountOf(UUID callerOrganizationId) {
        if (!organizationId.equals(callerOrganizationId)) {
            throw ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist");
        }
        requireNotDeleted();
    }

    void requireNotDeleted() {
        if (deleted) {
            throw ACCOUNT_DELETED.exception("Account " + accountId + " was deleted");
        }
    }

    UUID accountId() {
        return accountId;
    }

    UUID organizationId() {
        return organizationId;
    }

    IntegrationType integrationType() {
        return integrationType;
    }

    Region region() {
        return region;
    }

    AccountStatus status() {
        return status;
    }

    String errorMessage() {
        return errorMessage;
    }

    EncryptedCredentials credentials() {
        return credentials;
    }

    AccountView view() {
        return new AccountView(accountId, organizationId, marketplace, integrationType, accountName, region,
                status, errorMessage, credentials != null, connectedAt, createdAt, updatedAt);
    }

    @EventSourcingHandler
    void on(AccountCreatedEvent event, @Timestamp Instant at) {
        accountId = event.accountId();
        organizationId = event.organizationId();
        marketplace = event.marketplace();
        integrationType = event.integrationType();
        accountName = event.accountName();
        region = event.region();
        status = AccountStatus.DISCONNECTED;
        createdAt = at;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(AccountConnectedEvent event, @Timestamp Instant at) {
        connectedWith(event.credentials(), at);
    }

    @EventSourcingHandler
    void on(AccountDisconnectedEvent event, @Timestamp Instant at) {
        status = AccountStatus.DISCONNECTED;
        credentials = null;
        errorMessage = null;
        connectedAt = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(AccountMarkedFailedEvent event, @Timestamp Instant at) {
        failedWith(event.errorMessage(), at);
    }

    @EventSourcingHandler
    void on(AccountCredentialsVerifiedEvent event, @Timestamp Instant at) {
        status = AccountStatus.CONNECTED;
        errorMessage = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(AccountCredentialsRejectedEvent event, @Timestamp Instant at) {
        failedWith(event.reason(), at);
    }

    /** A chosen profile the authorization no longer reaches is no longer chosen. */
    @EventSourcingHandler
    void on(AdsProfilesFetchedEvent event) {
        adsProfiles = event.profiles();
        if (adsProfileId != null && adsProfiles.stream().noneMatch(profile -> profile.profileId().equals(adsProfileId))) {
            adsProfileId = null;
        }
    }

    @EventSourcingHandler
    void on(AdsProfileChosenEvent event) {
        adsProfileId = event.profileId();
    }

    @EventSourcingHandler
    void on(AccountKeyRotatedEvent event) {
        keyVersion = event.keyVersion();
        if (event.credentials() != null) {
            credentials = event.credentials();
        }
    }

    @EventSourcingHandler
    void on(AccountCredentialsShreddingPendingEvent event) {
        shreddingPendingReason = event.reason();
    }

    @EventSourcingHandler
    void on(AccountCredentialsShreddedEvent event) {
        shredded = true;
        keyVersion = 0;
    }

    @EventSourcingHandler
    void on(AccountDeletedEvent event, @Timestamp Instant at) {
        deleted = true;
        credentials = null;
        updatedAt = at;
    }

    /** An OAuth flow is under way; the credentials the account may hold stay until the flow replaces them. */
    void connectingWith(Instant at) {
        status = AccountStatus.CONNECTING;
        errorMessage = null;
        updatedAt = at;
    }

    /** Back to the status (and error message) an abandoned OAuth flow started from. */
    void restoredWith(AccountStatus restoredStatus, String restoredErrorMessage, Instant at) {
        status = restoredStatus;
        errorMessage = restoredErrorMessage;
        updatedAt = at;
    }

    /** A new access token, sealed with the rest of the credentials. */
    void credentialsRefreshedWith(EncryptedCredentials refreshed) {
        credentials = refreshed;
        keyVersion = refreshed.keyVersion();
    }

    /** Connected with these credentials, by a connect or by an OAuth flow. */
    void connectedWith(EncryptedCredentials newCredentials, Instant at) {
        status = AccountStatus.CONNECTED;
        credentials = newCredentials;
        keyVersion = newCredentials.keyVersion();
        errorMessage = null;
        connectedAt = at;
        updatedAt = at;
    }

    /** Failed, as a worker or an OAuth flow found; the credentials stay. */
    void failedWith(String reason, Instant at) {
        status = AccountStatus.ERROR;
        errorMessage = reason;
        updatedAt = at;
    }

    /** The refusal of a command that the account's status does not allow; the problem says {@code status_now}. */
    static ProblemException illegalState(UUID accountId, AccountStatus status, String reason) {
        return ILLEGAL_ACCOUNT_STATE.exception("Account " + accountId + " is " + status + ": " + reason)
                .with("status_now", status);
    }
}
