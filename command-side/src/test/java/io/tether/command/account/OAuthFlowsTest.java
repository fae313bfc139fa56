package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.OAUTH_FLOW_MISMATCH;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_ALREADY_USED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_EXPIRED;
import static io.tether.api.problem.ProblemCode.OAUTH_STATE_UNKNOWN;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.tether.api.problem.ProblemException;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.DisconnectAccountCommand;
import io.tether.api.account.Region;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account's OAuth entity: start, redeem the state, complete, fail, expire, the end of a flow by other commands, and the recording of token refreshes. */
class OAuthFlowsTest extends AccountFixtureTest {

    // ---------------------------------------------------------------- OAuth: start

    @Test
    void startOAuth_forAnAdsAccount_putsItInConnecting_andKeepsOnlyTheStateHashAndTheSealedVerifier() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(adsAccountCreated())
                .andGivenCurrentTime(NOW)
                .when(startAds(STATE))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    OAuthStartedEvent event = (OAuthStartedEvent) payload;
                    assertThat(event.flow()).isEqualTo(OAuthFlow.ADS);
                    assertThat(event.stateHash()).isEqualTo(OAuthSecrets.hashOfState(STATE)).doesNotContain(STATE);
                    assertThat(event.expiresAt()).isEqualTo(NOW.plus(LIFETIME));
                    assertThat(event.codeVerifier().ciphertext()).doesNotContain(CODE_VERIFIER);
                    assertThat(cipher.decrypt(OAuthSecrets.codeVerifierOwner(ORGANIZATION_ID, ACCOUNT_ID),
                            event.codeVerifier())).isEqualTo(Map.of(OAuthSecrets.CODE_VERIFIER, CODE_VERIFIER));
                    return true;
                })), andNoMore()))
                .expectResultMessagePayloadMatching(predicate(payload -> {
                    OAuthStartedView started = (OAuthStartedView) payload;
                    assertThat(started.expiresAt()).isEqualTo(NOW.plus(LIFETIME));
                    assertThat(started.account().status()).isEqualTo(AccountStatus.CONNECTING);
                    assertThat(started.account().updatedAt()).isEqualTo(NOW);
                    return true;
                }));
    }

    @Test
    void startOAuth_theSealedVerifier_doesNotOpenAsTheAccountsCredentials() {
        fixture.given(adsAccountCreated())
                .when(startAds(STATE))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    EncryptedCredentials verifier = ((OAuthStartedEvent) payload).codeVerifier();
                    assertThatThrownBy(() -> cipher.decrypt(owner(), verifier)).isInstanceOf(RuntimeException.class);
                    return true;
                })), andNoMore()));
    }

    @Test
    void startOAuth_forASellerCentralAccount_takesNoVerifier() {
        fixture.given(accountCreated())
                .when(startSpApi(STATE))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    OAuthStartedEvent event = (OAuthStartedEvent) payload;
                    assertThat(event.flow()).isEqualTo(OAuthFlow.SP_API);
                    assertThat(event.codeVerifier()).isNull();
                    return true;
                })), andNoMore()));
    }

    @Test
    void startOAuth_whenConnected_keepsTheCredentialsWhileConnecting() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(startSpApi(STATE))
                .expectResultMessagePayloadMatching(predicate(payload -> {
                    AccountView account = ((OAuthStartedView) payload).account();
                    assertThat(account.status()).isEqualTo(AccountStatus.CONNECTING);
                    assertThat(account.hasCredentials()).isTrue();
                    return true;
                }));
    }

    @Test
    void startOAuth_withTheAdsFlow_forASellerCentralAccount_isRejected() {
        fixture.given(accountCreated())
                .when(startAds(STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_FLOW_MISMATCH));
    }

    @Test
    void startOAuth_withTheSpApiFlow_forAnAdsAccount_isRejected() {
        fixture.given(adsAccountCreated())
                .when(new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.SP_API, STATE, null, LIFETIME))
                .expectNoEvents()
                .expectException(problem(OAUTH_FLOW_MISMATCH));
    }

    @Test
    void startOAuth_withoutAVerifier_forTheAdsFlow_isRejected() {
        fixture.given(adsAccountCreated())
                .when(new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.ADS, STATE, null, LIFETIME))
                .expectNoEvents()
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void startOAuth_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(adsAccountCreated())
                .when(new StartOAuthCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, OAuthFlow.ADS, STATE, CODE_VERIFIER,
                        LIFETIME))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void startOAuth_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), accountDeleted())
                .when(startAds(STATE))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- OAuth: redeem the state

    @Test
    void redeem_withThePendingFlowsState_usesItUp_andAnswersWhatTheCodeExchangeNeeds() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(adsAccountCreated())
                .andGivenCurrentTime(NOW)
                .andGiven(adsStarted(STATE))
                .andGivenCurrentTime(NOW.plus(LIFETIME).minusSeconds(1))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectEvents(new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .expectResultMessagePayloadMatching(predicate(payload -> {
                    RedeemedOAuthStateView redeemed = (RedeemedOAuthStateView) payload;
                    assertThat(redeemed.organizationId()).isEqualTo(ORGANIZATION_ID);
                    assertThat(redeemed.flow()).isEqualTo(OAuthFlow.ADS);
                    assertThat(redeemed.region()).isEqualTo(Region.EU);
                    assertThat(redeemed.stateHash()).isEqualTo(STATE_HASH);
                    assertThat(cipher.decrypt(OAuthSecrets.codeVerifierOwner(ORGANIZATION_ID, ACCOUNT_ID),
                            redeemed.codeVerifier()).get(OAuthSecrets.CODE_VERIFIER)).isEqualTo(CODE_VERIFIER);
                    return true;
                }));
    }

    @Test
    void redeem_withAForgedState_isRejectedAsUnknown() {
        fixture.given(adsAccountCreated(), adsStarted(STATE))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, OTHER_STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void redeem_aSecondTime_isRejectedAsAlreadyUsed() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_ALREADY_USED));
    }

    @Test
    void redeem_onceTheLifetimeIsOver_isRejectedAsExpired() {
        fixture.givenCurrentTime(NOW)
                .andGiven(adsAccountCreated(), adsStarted(STATE))
                .andGivenCurrentTime(NOW.plus(LIFETIME))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_EXPIRED));
    }

    @Test
    void redeem_ofAFlowThatANewerOneReplaced_isRejectedAsUnknown() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), adsStarted(OTHER_STATE))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void redeem_afterTheFlowCompleted_isRejectedAsUnknown() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH),
                        adsCompleted())
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void redeem_afterTheAccountWasDisconnected_isRejectedAsUnknown() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void redeem_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), accountDeleted())
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- OAuth: complete

    @Test
    void complete_afterTheStateWasRedeemed_sealsTheTokensAndConnectsTheAccount() {
        Instant accessTokenExpiresAt = NOW.plusSeconds(3600);
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .andGivenCurrentTime(NOW)
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1",
                        accessTokenExpiresAt, null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    OAuthCompletedEvent event = (OAuthCompletedEvent) payload;
                    assertThat(event.flow()).isEqualTo(OAuthFlow.ADS);
                    assertThat(event.region()).isEqualTo(Region.EU);
                    assertThat(event.accessTokenExpiresAt()).isEqualTo(accessTokenExpiresAt);
                    assertThat(event.credentials().ciphertext()).doesNotContain("refresh-1").doesNotContain("access-1");
                    assertThat(cipher.decrypt(owner(), event.credentials())).isEqualTo(Map.of(
                            "refresh_token", "Atzr|refresh-1", "access_token", "Atza|access-1",
                            "access_token_expires_at", accessTokenExpiresAt.toString()));
                    return true;
                })), andNoMore()))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.hasCredentials()).isTrue();
                    assertThat(view.connectedAt()).isEqualTo(NOW);
                }));
    }

    @Test
    void complete_ofTheSpApiFlow_storesTheSellingPartnerIdWithTheTokens() {
        fixture.given(accountCreated(), spApiStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1",
                        NOW, "A1B2C3D4E5F6G7"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    OAuthCompletedEvent event = (OAuthCompletedEvent) payload;
                    assertThat(cipher.decrypt(owner(), event.credentials()))
                            .containsEntry("selling_partner_id", "A1B2C3D4E5F6G7")
                            .containsEntry("refresh_token", "Atzr|refresh-1");
                    return true;
                })), andNoMore()));
    }

    @Test
    void complete_ofTheSpApiFlow_withoutTheSellingPartnerId_isRejected() {
        fixture.given(accountCreated(), spApiStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1", NOW, null))
                .expectNoEvents()
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void complete_beforeTheStateWasRedeemed_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE))
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1", NOW, null))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void complete_withTheStateOfAReplacedFlow_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH),
                        adsStarted(OTHER_STATE))
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1", NOW, null))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void complete_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH),
                        accountDeleted())
                .when(new CompleteOAuthCommand(ACCOUNT_ID, STATE_HASH, "Atzr|refresh-1", "Atza|access-1", NOW, null))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- OAuth: fail

    @Test
    void fail_afterTheStateWasRedeemed_putsTheAccountInErrorWithTheMessage() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new FailOAuthCommand(ACCOUNT_ID, STATE_HASH, "Amazon refused: connect again"))
                .expectEvents(new OAuthFailedEvent(ACCOUNT_ID, OAuthFlow.ADS, "Amazon refused: connect again"))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.ERROR);
                    assertThat(view.errorMessage()).isEqualTo("Amazon refused: connect again");
                }));
    }

    @Test
    void fail_beforeTheStateWasRedeemed_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE))
                .when(new FailOAuthCommand(ACCOUNT_ID, STATE_HASH, "Amazon refused"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void fail_withAnotherFlowsState_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new FailOAuthCommand(ACCOUNT_ID, OAuthSecrets.hashOfState(OTHER_STATE), "Amazon refused"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void fail_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH),
                        accountDeleted())
                .when(new FailOAuthCommand(ACCOUNT_ID, STATE_HASH, "Amazon refused"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- OAuth: expire

    @Test
    void expire_ofAnAbandonedFlow_returnsTheAccountToDisconnected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE))
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectEvents(new OAuthExpiredEvent(ACCOUNT_ID, STATE_HASH, AccountStatus.DISCONNECTED, null));
    }

    @Test
    void expire_ofAFlowStartedFromError_restoresTheErrorAndItsMessage_evenAfterARestartedFlow() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed(), spApiStarted(OTHER_STATE),
                        spApiStarted(STATE))
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectEvents(new OAuthExpiredEvent(ACCOUNT_ID, STATE_HASH, AccountStatus.ERROR,
                        "The refresh token was revoked"));
    }

    @Test
    void expire_ofARedeemedFlowWhoseExchangeNeverFinished_returnsTheAccountToWhereItWas() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), spApiStarted(STATE),
                        new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH))
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectEvents(new OAuthExpiredEvent(ACCOUNT_ID, STATE_HASH, AccountStatus.CONNECTED, null));
    }

    @Test
    void expire_ofAFlowThatANewerOneReplaced_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), adsStarted(OTHER_STATE))
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void expire_ofACompletedFlow_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH),
                        adsCompleted())
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    @Test
    void expire_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), accountDeleted())
                .when(new ExpireOAuthCommand(ACCOUNT_ID, STATE_HASH))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- OAuth: other commands end a pending flow

    @Test
    void disconnect_whileConnecting_endsTheFlow() {
        fixture.given(adsAccountCreated(), adsStarted(STATE))
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountDisconnectedEvent(ACCOUNT_ID))
                .expectResultMessagePayloadMatching(accountView(
                        view -> assertThat(view.status()).isEqualTo(AccountStatus.DISCONNECTED)));
    }

    @Test
    void connect_whileConnecting_endsTheFlow_soThatItsStateNoLongerWorks() {
        fixture.given(accountCreated(), spApiStarted(STATE), accountConnected(CREDENTIALS))
                .when(new RedeemOAuthStateCommand(ACCOUNT_ID, STATE))
                .expectNoEvents()
                .expectException(problem(OAUTH_STATE_UNKNOWN));
    }

    // ---------------------------------------------------------------- OAuth: token refresh

    @Test
    void recordTokenRefresh_replacesTheAccessToken_andTheRefreshTokenThatAmazonRotated() {
        OAuthCompletedEvent completed = adsCompleted();
        Instant expiresAt = NOW.plusSeconds(3600);
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed)
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", expiresAt,
                        "Atzr|refresh-2"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    AccessTokenRefreshedEvent event = (AccessTokenRefreshedEvent) payload;
                    assertThat(event.refreshTokenReplaced()).isTrue();
                    assertThat(event.accessTokenExpiresAt()).isEqualTo(expiresAt);
                    assertThat(cipher.decrypt(owner(), event.credentials())).isEqualTo(Map.of(
                            "refresh_token", "Atzr|refresh-2", "access_token", "Atza|access-2",
                            "access_token_expires_at", expiresAt.toString()));
                    return true;
                })), andNoMore()));
    }

    @Test
    void recordTokenRefresh_withoutANewRefreshToken_keepsTheOldOne() {
        OAuthCompletedEvent completed = adsCompleted();
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed)
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", NOW, null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    AccessTokenRefreshedEvent event = (AccessTokenRefreshedEvent) payload;
                    assertThat(event.refreshTokenReplaced()).isFalse();
                    assertThat(cipher.decrypt(owner(), event.credentials()))
                            .containsEntry("refresh_token", "Atzr|refresh-1")
                            .containsEntry("access_token", "Atza|access-2");
                    return true;
                })), andNoMore()));
    }

    @Test
    void recordTokenRefresh_ofCredentialsThatChangedMeanwhile_isRejected() {
        OAuthCompletedEvent completed = adsCompleted();
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed,
                        accountConnected(NEW_CREDENTIALS))
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", NOW, null))
                .expectNoEvents()
                .expectException(problem(CREDENTIALS_CHANGED));
    }

    @Test
    void recordTokenRefresh_whenTheAccountFailed_isRejected() {
        OAuthCompletedEvent completed = adsCompleted();
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed,
                        accountMarkedFailed())
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", NOW, null))
                .expectNoEvents()
                .expectException(predicate((ProblemException e) -> e.properties().get("status_now") == AccountStatus.ERROR));
    }

    @Test
    void recordTokenRefresh_whenDisconnected_isRejected() {
        OAuthCompletedEvent completed = adsCompleted();
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed,
                        new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", NOW, null))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void recordTokenRefresh_whenAccountDeleted_isRejected() {
        OAuthCompletedEvent completed = adsCompleted();
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed,
                        accountDeleted())
                .when(new RecordTokenRefreshCommand(ACCOUNT_ID, completed.credentials(), "Atza|access-2", NOW, null))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    @Test
    void recordTokenRefreshFailure_isOnRecord_withItsReason_andLeavesTheCredentialsAsTheyWere() {
        OAuthCompletedEvent completed = adsCompleted();
        Instant nextAttempt = NOW.plusSeconds(60);
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), completed)
                .when(new RecordTokenRefreshFailureCommand(ACCOUNT_ID, "HTTP 500 from Login with Amazon", 2, nextAttempt))
                .expectEvents(new AccessTokenRefreshFailedEvent(ACCOUNT_ID, "HTTP 500 from Login with Amazon", 2, nextAttempt))
                .expectState(account -> assertThat(account.credentials()).isEqualTo(completed.credentials()));
    }

    @Test
    void recordTokenRefreshFailure_whenDisconnected_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), adsCompleted(),
                        new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new RecordTokenRefreshFailureCommand(ACCOUNT_ID, "invalid_grant", 1, null))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void recordTokenRefreshFailure_whenAccountDeleted_isRejected() {
        fixture.given(adsAccountCreated(), adsStarted(STATE), new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH), adsCompleted(),
                        accountDeleted())
                .when(new RecordTokenRefreshFailureCommand(ACCOUNT_ID, "invalid_grant", 1, null))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    @Test
    void aFailedRefresh_printsNoReason() {
        assertThat(new AccessTokenRefreshFailedEvent(ACCOUNT_ID, "invalid_grant: The refresh token is invalid", 1, null))
                .asString().doesNotContain("invalid_grant").contains("failedAttempts=1");
    }
}
