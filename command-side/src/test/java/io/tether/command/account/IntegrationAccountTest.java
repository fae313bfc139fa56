package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCESS_TOKEN_REFRESH_FAILED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_DELETED;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NAME_TAKEN;
import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_ALREADY_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_CHANGED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.ILLEGAL_ACCOUNT_STATE;
import static io.tether.api.problem.ProblemCode.INCONSISTENT_ACCOUNT;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountCredentialsView;
import io.tether.api.account.AccountCredentialsShreddedEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import io.tether.api.account.AccountKeyView;
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
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.TestClocks;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.TestCiphers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntegrationAccountTest {

    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final UUID OTHER_ORGANIZATION_ID = UUID.randomUUID();
    private static final UUID ACCOUNT_ID = UUID.randomUUID();
    private static final String ACCOUNT_NAME = "EU storefront";

    private static final Instant CREATED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant CONNECTED_AT = Instant.parse("2025-03-02T10:30:00Z");
    private static final Instant NOW = Instant.parse("2025-03-05T16:45:00Z");

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String STATE = "Zm9yZ2VkLWJ5LW5vYm9keS0xMjM0NTY3ODkwYWJjZGVm";
    private static final String OTHER_STATE = "YW5vdGhlci1zdGF0ZS1vZi1hbm90aGVyLWZsb3ctMTIz";
    private static final String STATE_HASH = OAuthSecrets.hashOfState(STATE);
    private static final String CODE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final Map<String, String> CREDENTIALS = Map.of(
            "refresh_token", "Atzr|IwEBIFirstRefreshToken",
            "selling_partner_id", "A1B2C3D4E5F6G7");
    private static final Map<String, String> NEW_CREDENTIALS = Map.of(
            "refresh_token", "Atzr|IwEBISecondRefreshToken",
            "selling_partner_id", "A1B2C3D4E5F6G7");

    private final CredentialCipher cipher = TestCiphers.localKeyring();
    private final AccountNameRegistry names = mock(AccountNameRegistry.class);
    private AggregateTestFixture<IntegrationAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IntegrationAccount.class);
        fixture.registerInjectableResource(cipher);
        fixture.registerInjectableResource(names);
        fixture.registerInjectableResource(new CredentialShapes());
        fixture.registerInjectableResource(TestClocks.fixtureEventClock());
    }

    // ---------------------------------------------------------------- create

    @Test
    void create_reservesTheNameAndAnswersWithADisconnectedAccount() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(createCommand())
                .expectSuccessfulHandlerExecution()
                .expectEvents(accountCreated())
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.DISCONNECTED, null,
                        false, null, CREATED_AT, CREATED_AT));

        verify(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                ACCOUNT_ID);
        verifyNoMoreInteractions(names);
    }

    @Test
    void create_withSurroundingWhitespaceInTheName_keepsAndReservesTheStrippedName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, "  " + ACCOUNT_NAME + "\t", Region.EU))
                .expectEvents(accountCreated());

        verify(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                ACCOUNT_ID);
    }

    @Test
    void create_forWalmart_withAWalmartIntegrationAndRegion_succeeds() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.WALMART_MP_API, ACCOUNT_NAME, Region.CA))
                .expectEvents(new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.WALMART_MP_API, ACCOUNT_NAME, Region.CA));
    }

    @Test
    void create_withAnIntegrationTypeOfTheOtherMarketplace_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.WALMART,
                        IntegrationType.ADS_API, ACCOUNT_NAME, Region.US))
                .expectNoEvents()
                .expectException(problem(INCONSISTENT_ACCOUNT))
                .expectException(predicate((ProblemException e) -> e.errors().get(0).field().equals("integration_type")));

        verifyNoInteractions(names);
    }

    @Test
    void create_withARegionOfTheOtherMarketplace_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_VC, ACCOUNT_NAME, Region.MX))
                .expectNoEvents()
                .expectException(problem(INCONSISTENT_ACCOUNT))
                .expectException(predicate((ProblemException e) -> e.errors().get(0).field().equals("region")));

        verifyNoInteractions(names);
    }

    @Test
    void create_whenTheNameIsTaken_isRejected() {
        doThrow(ACCOUNT_NAME_TAKEN.exception("The organization already has an account named '" + ACCOUNT_NAME + "'"))
                .when(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                        ACCOUNT_ID);

        fixture.givenNoPriorActivity()
                .when(createCommand())
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NAME_TAKEN));
    }

    // ---------------------------------------------------------------- connect

    @Test
    void connect_whenDisconnected_storesTheSealedCredentialsAndAnswersWithAConnectedAccount() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(NOW)
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(CREDENTIALS), andNoMore()))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.CONNECTED, null,
                        true, NOW, CREATED_AT, NOW));
    }

    @Test
    void connect_whenConnected_replacesTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, NEW_CREDENTIALS))
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(NEW_CREDENTIALS), andNoMore()))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.hasCredentials()).isTrue();
                    assertThat(view.connectedAt()).isEqualTo(NOW);
                    assertThat(view.updatedAt()).isEqualTo(NOW);
                }));
    }

    @Test
    void connect_whenFailed_reconnectsAndClearsTheError() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, NEW_CREDENTIALS))
                .expectEventsMatching(exactSequenceOf(accountConnectedWith(NEW_CREDENTIALS), andNoMore()))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.CONNECTED);
                    assertThat(view.errorMessage()).isNull();
                    assertThat(view.hasCredentials()).isTrue();
                }));
    }

    @Test
    void connect_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated())
                .when(new ConnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void connect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    @Test
    void connect_byAnotherOrganization_whenAccountDeleted_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    // ---------------------------------------------------------------- disconnect

    @Test
    void disconnect_whenConnected_clearsTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountDisconnectedEvent(ACCOUNT_ID))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.DISCONNECTED, null,
                        false, null, CREATED_AT, NOW));
    }

    @Test
    void disconnect_whenFailed_clearsTheCredentialsAndTheError() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountDisconnectedEvent(ACCOUNT_ID))
                .expectResultMessagePayloadMatching(accountView(view -> {
                    assertThat(view.status()).isEqualTo(AccountStatus.DISCONNECTED);
                    assertThat(view.errorMessage()).isNull();
                    assertThat(view.hasCredentials()).isFalse();
                }));
    }

    @Test
    void disconnect_whenAlreadyDisconnected_isRejected() {
        fixture.given(accountCreated())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate(
                        (ProblemException e) -> e.properties().get("status_now") == AccountStatus.DISCONNECTED));
    }

    @Test
    void disconnect_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new DisconnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void disconnect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- mark failed

    @Test
    void markFailed_whenConnected_putsTheAccountInErrorAndKeepsTheCredentials() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated())
                .andGivenCurrentTime(CONNECTED_AT)
                .andGiven(accountConnected(CREDENTIALS))
                .andGivenCurrentTime(NOW)
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectEvents(new AccountMarkedFailedEvent(ACCOUNT_ID, "The refresh token was revoked"))
                .expectResultMessagePayload(new AccountView(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_SC, ACCOUNT_NAME, Region.EU, AccountStatus.ERROR,
                        "The refresh token was revoked", true, CONNECTED_AT, CREATED_AT, NOW));
    }

    @Test
    void markFailed_whenDisconnected_isRejected() {
        fixture.given(accountCreated())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate(
                        (ProblemException e) -> e.properties().get("status_now") == AccountStatus.DISCONNECTED));
    }

    @Test
    void markFailed_whenAlreadyFailed_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "Still revoked"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE))
                .expectException(predicate((ProblemException e) -> e.properties().get("status_now") == AccountStatus.ERROR));
    }

    @Test
    void markFailed_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void markFailed_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void delete_releasesTheNameAndDeletesTheAccount() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new DeleteAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDeletedEvent(ACCOUNT_ID));

        verify(names).release(ACCOUNT_ID);
        verifyNoMoreInteractions(names);
    }

    @Test
    void delete_whenAccountAlreadyDeleted_isRejected() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new DeleteAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));

        verify(names, never()).release(any());
    }

    @Test
    void delete_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated())
                .when(new DeleteAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));

        verify(names, never()).release(any());
    }

    @Test
    void connect_withCredentialsOfTheWrongShape_isRejectedBeforeAnythingIsSealed() {
        fixture.given(accountCreated())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID,
                        Map.of("refresh_token", "not-an-lwa-token", "password", "hunter2")))
                .expectNoEvents()
                .expectException(problem(INVALID_SHAPE))
                .expectException(predicate((ProblemException e) -> e.errors().stream()
                        .map(FieldProblem::field).toList()
                        .containsAll(List.of("credentials.password", "credentials.refresh_token",
                                "credentials.selling_partner_id"))));
    }

    // ---------------------------------------------------------------- credential access

    @Test
    void readCredentials_whenConnected_opensThemAndRecordsTheReadWithItsPurpose() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new ReadAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, "campaign sync"))
                .expectEvents(new AccountCredentialsReadEvent(ACCOUNT_ID, 1, "campaign sync"))
                .expectResultMessagePayload(new AccountCredentialsView(ACCOUNT_ID, IntegrationType.SP_API_SC, CREDENTIALS));
    }

    @Test
    void readCredentials_withAnAccessTokenThatHasExpired_isRefused_andRecordsNoRead() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated(), accountConnected(withAccessTokenExpiringAt(CREATED_AT)))
                .when(new ReadAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, "campaign sync"))
                .expectNoEvents()
                .expectException(problem(ACCESS_TOKEN_REFRESH_FAILED));
    }

    @Test
    void readCredentials_withAnAccessTokenStillValid_handsItOut() {
        Map<String, String> valid = withAccessTokenExpiringAt(CREATED_AT.plusSeconds(1));
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(accountCreated(), accountConnected(valid))
                .when(new ReadAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, "campaign sync"))
                .expectEvents(new AccountCredentialsReadEvent(ACCOUNT_ID, 1, "campaign sync"))
                .expectResultMessagePayload(new AccountCredentialsView(ACCOUNT_ID, IntegrationType.SP_API_SC, valid));
    }

    private static Map<String, String> withAccessTokenExpiringAt(Instant expiresAt) {
        Map<String, String> tokens = new HashMap<>(CREDENTIALS);
        tokens.put(OAuthSecrets.ACCESS_TOKEN, "Atza|IwEBIAccessToken");
        tokens.put(OAuthSecrets.ACCESS_TOKEN_EXPIRES_AT, expiresAt.toString());
        return tokens;
    }

    @Test
    void readCredentials_whenDisconnected_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new ReadAccountCredentialsCommand(ACCOUNT_ID, ORGANIZATION_ID, "campaign sync"))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void readCredentials_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new ReadAccountCredentialsCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, "campaign sync"))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    // ---------------------------------------------------------------- key rotation

    @Test
    void rotateKey_whenConnected_startsANewVersionAndReSealsTheCurrentCredentialsUnderIt() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectResultMessagePayload(new AccountKeyView(ACCOUNT_ID, 2))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate(payload -> {
                    AccountKeyRotatedEvent event = (AccountKeyRotatedEvent) payload;
                    assertThat(event.keyVersion()).isEqualTo(2);
                    assertThat(event.credentials().keyVersion()).isEqualTo(2);
                    assertThat(cipher.decrypt(owner(), event.credentials())).isEqualTo(CREDENTIALS);
                    return true;
                })), andNoMore()));
    }

    @Test
    void rotateKey_whenDisconnected_rotatesWithoutCredentialsToReSeal() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), new AccountDisconnectedEvent(ACCOUNT_ID))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectEvents(new AccountKeyRotatedEvent(ACCOUNT_ID, 2, null));
    }

    @Test
    void rotateKey_whenNeverConnected_isRejected() {
        fixture.given(accountCreated())
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));
    }

    @Test
    void rotateKey_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_NOT_FOUND));
    }

    @Test
    void rotateKey_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(problem(ACCOUNT_DELETED));
    }

    // ---------------------------------------------------------------- crypto-shredding

    @Test
    void shred_afterDeletion_destroysTheKeySoThatEarlierCiphertextsNoLongerOpen() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, accountDeleted())
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddedEvent(ACCOUNT_ID));

        assertThatThrownBy(() -> cipher.decrypt(owner(), connected.credentials()))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
    }

    @Test
    void shred_ofALiveAccount_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(problem(ILLEGAL_ACCOUNT_STATE));

        assertThat(cipher.decrypt(owner(), connected.credentials())).isEqualTo(CREDENTIALS);
    }

    @Test
    void shred_twice_isRejected() {
        fixture.given(accountCreated(), accountDeleted(), new AccountCredentialsShreddedEvent(ACCOUNT_ID))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(problem(CREDENTIALS_ALREADY_SHREDDED));
    }

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

    // ---------------------------------------------------------------- helpers

    private static CreateAccountCommand createCommand() {
        return new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                ACCOUNT_NAME, Region.EU);
    }

    private static AccountCreatedEvent accountCreated() {
        return new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                ACCOUNT_NAME, Region.EU);
    }

    private AccountConnectedEvent accountConnected(Map<String, String> credentials) {
        return new AccountConnectedEvent(ACCOUNT_ID, cipher.encrypt(owner(), credentials));
    }

    private static AccountMarkedFailedEvent accountMarkedFailed() {
        return new AccountMarkedFailedEvent(ACCOUNT_ID, "The refresh token was revoked");
    }

    private static AccountCreatedEvent adsAccountCreated() {
        return new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.ADS_API,
                ACCOUNT_NAME, Region.EU);
    }

    private static StartOAuthCommand startAds(String state) {
        return new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.ADS, state, CODE_VERIFIER, LIFETIME);
    }

    private static StartOAuthCommand startSpApi(String state) {
        return new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.SP_API, state, null, LIFETIME);
    }

    /** Expires {@link #LIFETIME} after the fixture's current time, as the handler would have it. */
    private OAuthStartedEvent adsStarted(String state) {
        return new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.ADS, OAuthSecrets.hashOfState(state),
                cipher.encrypt(OAuthSecrets.codeVerifierOwner(ORGANIZATION_ID, ACCOUNT_ID),
                        Map.of(OAuthSecrets.CODE_VERIFIER, CODE_VERIFIER)),
                fixture.currentTime().plus(LIFETIME));
    }

    private OAuthStartedEvent spApiStarted(String state) {
        return new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.SP_API, OAuthSecrets.hashOfState(state), null,
                fixture.currentTime().plus(LIFETIME));
    }

    private OAuthCompletedEvent adsCompleted() {
        return new OAuthCompletedEvent(ACCOUNT_ID, OAuthFlow.ADS, Region.EU, cipher.encrypt(owner(), Map.of(
                "refresh_token", "Atzr|refresh-1", "access_token", "Atza|access-1",
                "access_token_expires_at", NOW.toString())), NOW);
    }

    private static AccountDeletedEvent accountDeleted() {
        return new AccountDeletedEvent(ACCOUNT_ID);
    }

    private static CredentialOwner owner() {
        return CredentialOwner.accountCredentials(ORGANIZATION_ID, ACCOUNT_ID);
    }

    /** The ciphertext is random, so the event is recognised by what it opens to rather than by equality. */
    private Matcher<Message<?>> accountConnectedWith(Map<String, String> credentials) {
        return messageWithPayload(predicate(payload -> {
            assertThat(payload).isInstanceOf(AccountConnectedEvent.class);
            AccountConnectedEvent event = (AccountConnectedEvent) payload;
            assertThat(event.accountId()).isEqualTo(ACCOUNT_ID);
            String ciphertext = event.credentials().ciphertext();
            credentials.values().forEach(secret -> assertThat(ciphertext).doesNotContain(secret));
            assertThat(cipher.decrypt(owner(), event.credentials())).isEqualTo(credentials);
            return true;
        }));
    }

    /** Checks the handler's answer with AssertJ, whose failure messages say which field differs. */
    private static Matcher<Object> accountView(Consumer<AccountView> requirements) {
        return predicate(payload -> {
            assertThat(payload).isInstanceOf(AccountView.class);
            AccountView view = (AccountView) payload;
            assertThat(view.id()).isEqualTo(ACCOUNT_ID);
            assertThat(view.organizationId()).isEqualTo(ORGANIZATION_ID);
            requirements.accept(view);
            return true;
        });
    }
}
