package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.OAUTH_FLOW_MISMATCH;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;
import static io.tether.command.account.IntegrationAccount.illegalState;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.AccountView;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.AccessTokenRefreshFailedEvent;
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
import io.tether.api.oauth.RecordTokenRefreshFailureCommand;
import io.tether.api.oauth.RedeemOAuthStateCommand;
import io.tether.api.oauth.RedeemedOAuthStateView;
import io.tether.api.oauth.StartOAuthCommand;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The account's OAuth side, an entity of {@link IntegrationAccount}: the flow under way and the tokens
 * it leaves behind.
 *
 * <pre>
 *   start OAuth (from any status) ─▶ CONNECTING ─redeem state─▶ ─completed─▶ CONNECTED
 *                                        │                        ─failed────▶ ERROR
 *                                        └─expired───▶ back to the status it came from
 * </pre>
 *
 * A flow keeps only the hash of its state and its PKCE verifier sealed. Its state is accepted once
 * (redeemed), before its lifetime ends, and only while no newer flow has replaced it; a connect, a
 * disconnect, a failure or the deletion of the account ends it. What a flow does to the account's own
 * state (its status, its credentials) the account is told through its {@code …With} methods.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class OAuthFlows {

    /** Set by the account that holds this entity, and again by Jackson when a snapshot is read. */
    @JsonBackReference
    private IntegrationAccount account;
    private PendingOAuth pending;

    OAuthFlows() {
        // For Jackson, reading a snapshot: the account sets itself as the back reference.
    }

    OAuthFlows(IntegrationAccount account) {
        this.account = account;
    }

    /** Starts an OAuth flow; one already pending is replaced, and its state stops working. */
    @CommandHandler
    OAuthStartedView handle(StartOAuthCommand command, CredentialCipher cipher, Clock clock) {
        account.requireLiveAccountOf(command.organizationId());
        if (!command.flow().authorizes(account.integrationType())) {
            throw OAUTH_FLOW_MISMATCH.exception("Account " + account.accountId() + " is a " + account.integrationType()
                    + " account, which the " + command.flow() + " flow does not connect; " + (command.flow() == OAuthFlow.ADS
                    ? "Seller and Vendor Central accounts connect through /integrations/sp-api/auth-url"
                    : account.integrationType() == IntegrationType.ADS_API
                    ? "Amazon Ads accounts connect through /integrations/ads/auth-url"
                    : "this kind of account connects with credentials, not through Amazon"));
        }
        if (command.flow().usesPkce() != (command.codeVerifier() != null)) {
            throw new IllegalArgumentException("The " + command.flow() + " flow "
                    + (command.flow().usesPkce() ? "needs" : "takes no") + " PKCE code verifier");
        }
        EncryptedCredentials verifier = command.codeVerifier() == null ? null
                : cipher.encrypt(OAuthSecrets.codeVerifierOwner(account.organizationId(), account.accountId()),
                        Map.of(OAuthSecrets.CODE_VERIFIER, command.codeVerifier()));
        Instant expiresAt = clock.instant().plus(command.lifetime());
        apply(new OAuthStartedEvent(account.accountId(), command.flow(), OAuthSecrets.hashOfState(command.state()),
                verifier, expiresAt));
        return new OAuthStartedView(account.view(), expiresAt);
    }

    /** Accepts the pending flow's state once, within its lifetime; the answer is what the code exchange needs. */
    @CommandHandler
    RedeemedOAuthStateView handle(RedeemOAuthStateCommand command, Clock clock) {
        account.requireNotDeleted();
        String stateHash = OAuthSecrets.hashOfState(command.state());
        if (pending == null || !OAuthSecrets.sameHash(pending.stateHash(), stateHash)) {
            throw OAUTH_STATE_UNKNOWN.exception("Account " + account.accountId() + " rejects the OAuth state: UNKNOWN");
        }
        if (pending.redeemed()) {
            throw OAUTH_STATE_ALREADY_USED.exception("Account " + account.accountId() + " rejects the OAuth state: ALREADY_USED");
        }
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw OAUTH_STATE_EXPIRED.exception("Account " + account.accountId() + " rejects the OAuth state: EXPIRED");
        }
        apply(new OAuthStateRedeemedEvent(account.accountId(), stateHash));
        return new RedeemedOAuthStateView(account.accountId(), account.organizationId(), pending.flow(),
                account.integrationType(), account.region(), stateHash, pending.codeVerifier());
    }

    /** The redeemed flow's tokens are sealed before the event holds them. */
    @CommandHandler
    AccountView handle(CompleteOAuthCommand command, CredentialCipher cipher) {
        account.requireNotDeleted();
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
        EncryptedCredentials sealed = cipher.encrypt(credentialsOwner(), tokens);
        apply(new OAuthCompletedEvent(account.accountId(), flow.flow(), account.region(), sealed,
                command.accessTokenExpiresAt()));
        return account.view();
    }

    @CommandHandler
    AccountView handle(FailOAuthCommand command) {
        account.requireNotDeleted();
        PendingOAuth flow = requireRedeemedFlow(command.stateHash());
        apply(new OAuthFailedEvent(account.accountId(), flow.flow(), command.errorMessage()));
        return account.view();
    }

    /** The flow's deadline: an abandoned flow gives the account back the status it had before. */
    @CommandHandler
    void handle(ExpireOAuthCommand command) {
        account.requireNotDeleted();
        if (pending == null || !OAuthSecrets.sameHash(pending.stateHash(), command.stateHash())) {
            throw OAUTH_STATE_UNKNOWN.exception("Account " + account.accountId() + " rejects the OAuth state: UNKNOWN");
        }
        apply(new OAuthExpiredEvent(account.accountId(), pending.stateHash(), pending.statusBefore(),
                pending.errorMessageBefore()));
    }

    /** A new access token for the current credentials; the refresh token stays unless Amazon handed out a new one. */
    @CommandHandler
    void handle(RecordTokenRefreshCommand command, CredentialCipher cipher) {
        account.requireNotDeleted();
        EncryptedCredentials credentials = account.credentials();
        if (credentials == null) {
            throw illegalState(account.accountId(), account.status(),
                    "it holds no credentials to refresh");
        }
        if (account.status() == AccountStatus.ERROR) {
            throw illegalState(account.accountId(), account.status(), "it has failed ("
                    + account.errorMessage() + "); its tokens are refreshed again once it is reconnected");
        }
        if (!credentials.equals(command.refreshedFrom())) {
            throw CREDENTIALS_CHANGED.exception("The credentials of account " + account.accountId()
                    + " changed while their access token was being refreshed");
        }
        Map<String, String> refreshed = new HashMap<>(cipher.decrypt(credentialsOwner(), credentials));
        refreshed.put(OAuthSecrets.ACCESS_TOKEN, command.accessToken());
        refreshed.put(OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, command.accessTokenExpiresAt().toString());
        if (command.refreshToken() != null) {
            refreshed.put(OAuthSecrets.REFRESH_TOKEN, command.refreshToken());
        }
        apply(new AccessTokenRefreshedEvent(account.accountId(), cipher.encrypt(credentialsOwner(), refreshed),
                command.accessTokenExpiresAt(), command.refreshToken() != null));
    }

    /**
     * A failed refresh, on record so that it can be noticed: the credentials stay as they were. Only for an
     * account that holds credentials (a deleted or disconnected one has nothing left to refresh).
     */
    @CommandHandler
    void handle(RecordTokenRefreshFailureCommand command) {
        account.requireNotDeleted();
        if (account.credentials() == null) {
            throw illegalState(account.accountId(), account.status(), "it holds no credentials to refresh");
        }
        apply(new AccessTokenRefreshFailedEvent(account.accountId(), command.reason(), command.failedAttempts(),
                command.nextAttemptAt()));
    }

    private PendingOAuth requireRedeemedFlow(String stateHash) {
        if (pending == null || !OAuthSecrets.sameHash(pending.stateHash(), stateHash)) {
            throw illegalState(account.accountId(), account.status(),
                    "it has no OAuth flow with this state; a newer flow replaced it, or it expired");
        }
        if (!pending.redeemed()) {
            throw illegalState(account.accountId(), account.status(),
                    "its OAuth state has not come back from Amazon yet");
        }
        return pending;
    }

    private CredentialOwner credentialsOwner() {
        return CredentialOwner.accountCredentials(account.organizationId(), account.accountId());
    }

    /** A restarted flow keeps what the first one started from: its expiry gives back the status before any flow. */
    @EventSourcingHandler
    void on(OAuthStartedEvent event, @Timestamp Instant at) {
        AccountStatus statusBefore = pending == null ? account.status() : pending.statusBefore();
        String errorMessageBefore = pending == null ? account.errorMessage() : pending.errorMessageBefore();
        pending = new PendingOAuth(event.flow(), event.stateHash(), event.codeVerifier(), event.expiresAt(),
                statusBefore, errorMessageBefore, false);
        account.connectingWith(at);
    }

    @EventSourcingHandler
    void on(OAuthStateRedeemedEvent event) {
        pending = pending.asRedeemed();
    }

    @EventSourcingHandler
    void on(OAuthCompletedEvent event, @Timestamp Instant at) {
        pending = null;
        account.connectedWith(event.credentials(), at);
    }

    @EventSourcingHandler
    void on(OAuthFailedEvent event, @Timestamp Instant at) {
        pending = null;
        account.failedWith(event.errorMessage(), at);
    }

    @EventSourcingHandler
    void on(OAuthExpiredEvent event, @Timestamp Instant at) {
        pending = null;
        account.restoredWith(event.restoredStatus(), event.restoredErrorMessage(), at);
    }

    @EventSourcingHandler
    void on(AccessTokenRefreshedEvent event) {
        account.credentialsRefreshedWith(event.credentials());
    }

    // The account's own events that end a pending flow (the account has applied them first).

    @EventSourcingHandler
    void on(AccountConnectedEvent event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(AccountDisconnectedEvent event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(AccountMarkedFailedEvent event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(AccountDeletedEvent event) {
        pending = null;
    }

    /** The flow under way: what its callback must match, and what its expiry gives back. */
    private record PendingOAuth(OAuthFlow flow, String stateHash, EncryptedCredentials codeVerifier, Instant expiresAt,
                                AccountStatus statusBefore, String errorMessageBefore, boolean redeemed) {

        PendingOAuth asRedeemed() {
            return new PendingOAuth(flow, stateHash, codeVerifier, expiresAt, statusBefore, errorMessageBefore, true);
        }
    }
}
