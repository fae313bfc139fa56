package io.tether.command.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountCredentialsView;
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
import io.tether.api.account.ReadAccountCredentialsCommand;
import io.tether.api.account.Region;
import io.tether.api.account.RotateAccountKeyCommand;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.AccessTokenRefreshedEvent;
import io.tether.api.oauth.CompleteOAuthCommand;
import io.tether.api.oauth.ExpireOAuthCommand;
import io.tether.api.oauth.FailOAuthCommand;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.OAuthStartedView;
import io.tether.api.oauth.OAuthStateRedeemedEvent;
import io.tether.api.oauth.RecordTokenRefreshCommand;
import io.tether.api.oauth.RedeemOAuthStateCommand;
import io.tether.api.oauth.RedeemedOAuthStateView;
import io.tether.api.oauth.StartOAuthCommand;
import io.tether.command.account.OAuthStateRejectedException.Reason;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.credentials.CipherUnavailableException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.ShreddingResult;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One organization's connection to one marketplace account.
 *
 * <pre>
 *   create ─▶ DISCONNECTED ─connect─▶ CONNECTED ─mark failed─▶ ERROR
 *                  ▲                    │  ▲                      │
 *                  └────disconnect──────┘  └──────connect─────────┘
 *
 *   start OAuth (from any status) ─▶ CONNECTING ─completed─▶ CONNECTED
 *                                        │ ─failed────▶ ERROR
 *                                        └─expired───▶ back to the status it came from
 *   delete from any status; a deleted account accepts nothing but the shredding of its key.
 * </pre>
 *
 * An OAuth flow keeps only the hash of its state and its PKCE verifier sealed. Its state is accepted once
 * (redeemed), before its lifetime ends, and only while no newer flow has replaced it. Time comes from
 * the injected {@link Clock}, the one that stamps the events.
 *
 * Every handler answers with the account as it now is, so that the REST response is exact without
 * waiting for the read model.
 *
 * A snapshot of these fields (ciphertexts and hashes only, like the events) is taken every
 * {@code tether.snapshots.every-events} events, so that a long-lived account loads in bounded time.
 */
@Aggregate(snapshotTriggerDefinition = AccountSnapshots.TRIGGER)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class IntegrationAccount {

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
    private PendingOAuth pendingOAuth;

    IntegrationAccount() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    /** A creation handler rather than a constructor, so that it can answer with the new account. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    AccountView handle(CreateAccountCommand command, AccountNameRegistry names) {
        requireSameMarketplace(command);
        names.reserve(command.organizationId(), command.marketplace(), command.integrationType(),
                command.accountName(), command.accountId());
        apply(new AccountCreatedEvent(command.accountId(), command.organizationId(), command.marketplace(),
                command.integrationType(), command.accountName(), command.region()));
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
            throw new IllegalAccountStateException(accountId, status, "it is already disconnected");
        }
        apply(new AccountDisconnectedEvent(accountId));
        return view();
    }

    @CommandHandler
    AccountView handle(MarkAccountFailedCommand command) {
        requireLiveAccountOf(command.organizationId());
        if (status == AccountStatus.DISCONNECTED) {
            throw new IllegalAccountStateException(accountId, status, "it has no connection that could fail");
        }
        if (status == AccountStatus.ERROR) {
            throw new IllegalAccountStateException(accountId, status,
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

    /** Opens the credentials for an internal worker; every such read is on record, with its purpose. */
    @CommandHandler
    AccountCredentialsView handle(ReadAccountCredentialsCommand command, CredentialCipher cipher, Clock clock) {
        requireLiveAccountOf(command.organizationId());
        if (credentials == null) {
            throw new IllegalAccountStateException(accountId, status, "it holds no credentials to read");
        }
        Map<String, String> opened = cipher.decrypt(CredentialOwner.accountCredentials(organizationId, accountId), credentials);
        // Refresh on access has run first (the controller's ExpiringAccessTokens): an access token still
        // expired now could not be refreshed, and an expired token is of no use to the caller.
        Instant expiresAt = OAuthSecrets.accessTokenExpiresAt(opened);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new AccessTokenRefreshFailedException(accountId);
        }
        apply(new AccountCredentialsReadEvent(accountId, credentials.keyVersion(), command.purpose()));
        return new AccountCredentialsView(accountId, integrationType, opened);
    }

    /** A new key version for the account; its current credentials are re-sealed under it. */
    @CommandHandler
    AccountKeyView handle(RotateAccountKeyCommand command, CredentialCipher cipher) {
        requireLiveAccountOf(command.organizationId());
        if (keyVersion == 0) {
            throw new IllegalAccountStateException(accountId, status,
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
            throw new IllegalAccountStateException(accountId, status, "only a deleted account's credentials are shredded");
        }
        if (shredded) {
            throw new CredentialsAlreadyShreddedException(accountId);
        }
        try {
            cipher.destroyKey(accountId);
        } catch (CipherUnavailableException notConfirmed) {
            ShreddingResult pending = ShreddingResult.pending(notConfirmed);
            if (!pending.pendingReason().equals(shreddingPendingReason)) {
                apply(new AccountCredentialsShreddingPendingEvent(accountId, pending.pendingReason()));
            }
            return pending;
        }
        apply(new AccountCredentialsShreddedEvent(accountId));
        return ShreddingResult.SHREDDED;
    }

    // ---------------------------------------------------------------- OAuth

    /** Starts an OAuth flow; one already pending is replaced, and its state stops working. */
    @CommandHandler
    OAuthStartedView handle(StartOAuthCommand command, CredentialCipher cipher, Clock clock) {
        requireLiveAccountOf(command.organizationId());
        if (!command.flow().authorizes(integrationType)) {
            throw new OAuthFlowMismatchException(accountId, integrationType, command.flow());
        }
        if (command.flow().usesPkce() != (command.codeVerifier() != null)) {
            throw new IllegalArgumentException("The " + command.flow() + " flow "
                    + (command.flow().usesPkce() ? "needs" : "takes no") + " PKCE code verifier");
        }
        EncryptedCredentials verifier = command.codeVerifier() == null ? null
                : cipher.encrypt(OAuthSecrets.codeVerifierOwner(organizationId, accountId),
                        Map.of(OAuthSecrets.CODE_VERIFIER, command.codeVerifier()));
        Instant expiresAt = clock.instant().plus(command.lifetime());
        apply(new OAuthStartedEvent(accountId, command.flow(), OAuthSecrets.hashOfState(command.state()), verifier,
                expiresAt));
        return new OAuthStartedView(view(), expiresAt);
    }

    /** Accepts the pending flow's state once, within its lifetime; the answer is what the code exchange needs. */
    @CommandHandler
    RedeemedOAuthStateView handle(RedeemOAuthStateCommand command, Clock clock) {
        requireNotDeleted();
        String stateHash = OAuthSecrets.hashOfState(command.state());
        if (pendingOAuth == null || !OAuthSecrets.sameHash(pendingOAuth.stateHash(), stateHash)) {
            throw new OAuthStateRejectedException(accountId, Reason.UNKNOWN);
        }
        if (pendingOAuth.redeemed()) {
            throw new OAuthStateRejectedException(accountId, Reason.ALREADY_USED);
        }
        if (!clock.instant().isBefore(pendingOAuth.expiresAt())) {
            throw new OAuthStateRejectedException(accountId, Reason.EXPIRED);
        }
        apply(new OAuthStateRedeemedEvent(accountId, stateHash));
        return new RedeemedOAuthStateView(accountId, organizationId, pendingOAuth.flow(), integrationType, region,
                stateHash, pendingOAuth.codeVerifier());
    }

    /** The redeemed flow's tokens are sealed before the event holds them. */
    @CommandHandler
    AccountView handle(CompleteOAuthCommand command, CredentialCipher cipher) {
        requireNotDeleted();
        PendingOAuth flow = requireRedeemedFlow(command.stateHash());
        if ((flow.flow() == OAuthFlow.SP_API) != (command.sellingPartnerId() != null)) {
            throw new IllegalArgumentException("The selling partner id comes with the SP_API flow, and only with it");
        }
        Map<String, String> tokens = new HashMap<>();
        tokens.put(OAuthSecrets.REFRESH_TOKEN, command.refreshToken());
        tokens.put(OAuthSecrets.ACCESS_TOKEN, command.accessToken());
        tokens.put(OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, command.accessTokenExpiresAt().toString());
        if (command.sellingPartnerId() != null) {
            tokens.put(OAuthSecrets.SELLING_PARTNER_ID, command.sellingPartnerId());
        }
        EncryptedCredentials sealed = cipher.encrypt(CredentialOwner.accountCredentials(organizationId, accountId), tokens);
        apply(new OAuthCompletedEvent(accountId, flow.flow(), region, sealed, command.accessTokenExpiresAt()));
        return view();
    }

    @CommandHandler
    AccountView handle(FailOAuthCommand command) {
        requireNotDeleted();
        PendingOAuth flow = requireRedeemedFlow(command.stateHash());
        apply(new OAuthFailedEvent(accountId, flow.flow(), command.errorMessage()));
        return view();
    }

    /** The flow's deadline: an abandoned flow gives the account back the status it had before. */
    @CommandHandler
    void handle(ExpireOAuthCommand command) {
        requireNotDeleted();
        if (pendingOAuth == null || !OAuthSecrets.sameHash(pendingOAuth.stateHash(), command.stateHash())) {
            throw new OAuthStateRejectedException(accountId, Reason.UNKNOWN);
        }
        apply(new OAuthExpiredEvent(accountId, pendingOAuth.stateHash(), pendingOAuth.statusBefore(),
                pendingOAuth.errorMessageBefore()));
    }

    /** A new access token for the current credentials; the refresh token stays unless Amazon handed out a new one. */
    @CommandHandler
    void handle(RecordTokenRefreshCommand command, CredentialCipher cipher) {
        requireNotDeleted();
        if (credentials == null) {
            throw new IllegalAccountStateException(accountId, status, "it holds no credentials to refresh");
        }
        if (status == AccountStatus.ERROR) {
            throw new IllegalAccountStateException(accountId, status,
                    "it has failed (" + errorMessage + "); its tokens are refreshed again once it is reconnected");
        }
        if (!credentials.equals(command.refreshedFrom())) {
            throw new CredentialsChangedException(accountId);
        }
        CredentialOwner owner = CredentialOwner.accountCredentials(organizationId, accountId);
        Map<String, String> refreshed = new HashMap<>(cipher.decrypt(owner, credentials));
        refreshed.put(OAuthSecrets.ACCESS_TOKEN, command.accessToken());
        refreshed.put(OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, command.accessTokenExpiresAt().toString());
        if (command.refreshToken() != null) {
            refreshed.put(OAuthSecrets.REFRESH_TOKEN, command.refreshToken());
        }
        apply(new AccessTokenRefreshedEvent(accountId, cipher.encrypt(owner, refreshed), command.accessTokenExpiresAt(),
                command.refreshToken() != null));
    }

    private PendingOAuth requireRedeemedFlow(String stateHash) {
        if (pendingOAuth == null || !OAuthSecrets.sameHash(pendingOAuth.stateHash(), stateHash)) {
            throw new IllegalAccountStateException(accountId, status,
                    "it has no OAuth flow with this state; a newer flow replaced it, or it expired");
        }
        if (!pendingOAuth.redeemed()) {
            throw new IllegalAccountStateException(accountId, status, "its OAuth state has not come back from Amazon yet");
        }
        return pendingOAuth;
    }

    private static void requireSameMarketplace(CreateAccountCommand command) {
        if (command.integrationType().marketplace() != command.marketplace()) {
            throw new InconsistentAccountException("integration_type", command.integrationType()
                    + " belongs to " + command.integrationType().marketplace() + ", not " + command.marketplace());
        }
        if (command.region().marketplace() != command.marketplace()) {
            throw new InconsistentAccountException("region", command.region()
                    + " is a region of " + command.region().marketplace() + ", not of " + command.marketplace());
        }
    }

    private void requireLiveAccountOf(UUID callerOrganizationId) {
        if (!organizationId.equals(callerOrganizationId)) {
            throw new AccountNotFoundException(accountId);
        }
        requireNotDeleted();
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw new AccountDeletedException(accountId);
        }
    }

    private AccountView view() {
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
        pendingOAuth = null;
    }

    @EventSourcingHandler
    void on(AccountMarkedFailedEvent event, @Timestamp Instant at) {
        failedWith(event.errorMessage(), at);
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
        pendingOAuth = null;
    }

    @EventSourcingHandler
    void on(OAuthStartedEvent event, @Timestamp Instant at) {
        AccountStatus statusBefore = pendingOAuth == null ? status : pendingOAuth.statusBefore();
        String errorMessageBefore = pendingOAuth == null ? errorMessage : pendingOAuth.errorMessageBefore();
        pendingOAuth = new PendingOAuth(event.flow(), event.stateHash(), event.codeVerifier(), event.expiresAt(),
                statusBefore, errorMessageBefore, false);
        status = AccountStatus.CONNECTING;
        errorMessage = null;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(OAuthStateRedeemedEvent event) {
        pendingOAuth = pendingOAuth.asRedeemed();
    }

    @EventSourcingHandler
    void on(OAuthCompletedEvent event, @Timestamp Instant at) {
        connectedWith(event.credentials(), at);
    }

    @EventSourcingHandler
    void on(OAuthFailedEvent event, @Timestamp Instant at) {
        failedWith(event.errorMessage(), at);
    }

    @EventSourcingHandler
    void on(OAuthExpiredEvent event, @Timestamp Instant at) {
        status = event.restoredStatus();
        errorMessage = event.restoredErrorMessage();
        updatedAt = at;
        pendingOAuth = null;
    }

    @EventSourcingHandler
    void on(AccessTokenRefreshedEvent event) {
        credentials = event.credentials();
        keyVersion = event.credentials().keyVersion();
    }

    /** Connected with these credentials, by a connect or by an OAuth flow; a pending flow ends. */
    private void connectedWith(EncryptedCredentials newCredentials, Instant at) {
        status = AccountStatus.CONNECTED;
        credentials = newCredentials;
        keyVersion = newCredentials.keyVersion();
        errorMessage = null;
        connectedAt = at;
        updatedAt = at;
        pendingOAuth = null;
    }

    /** Failed, as a worker or an OAuth flow found; the credentials stay, a pending flow ends. */
    private void failedWith(String reason, Instant at) {
        status = AccountStatus.ERROR;
        errorMessage = reason;
        updatedAt = at;
        pendingOAuth = null;
    }

    /** The flow under way: what its callback must match, and what its expiry gives back. */
    private record PendingOAuth(OAuthFlow flow, String stateHash, EncryptedCredentials codeVerifier, Instant expiresAt,
                                AccountStatus statusBefore, String errorMessageBefore, boolean redeemed) {

        PendingOAuth asRedeemed() {
            return new PendingOAuth(flow, stateHash, codeVerifier, expiresAt, statusBefore, errorMessageBefore, true);
        }
    }
}
