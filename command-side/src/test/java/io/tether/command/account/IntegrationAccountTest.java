package io.tether.command.account;

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
import io.tether.api.account.Region;
import io.tether.api.account.RotateAccountKeyCommand;
import io.tether.api.account.ShredAccountCredentialsCommand;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.catalog.InvalidShapeException;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.CredentialsShreddedException;
import io.tether.command.credentials.TestCiphers;
import java.time.Instant;
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
                .expectException(InconsistentAccountException.class)
                .expectException(predicate((InconsistentAccountException e) -> e.field().equals("integration_type")));

        verifyNoInteractions(names);
    }

    @Test
    void create_withARegionOfTheOtherMarketplace_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                        IntegrationType.SP_API_VC, ACCOUNT_NAME, Region.MX))
                .expectNoEvents()
                .expectException(InconsistentAccountException.class)
                .expectException(predicate((InconsistentAccountException e) -> e.field().equals("region")));

        verifyNoInteractions(names);
    }

    @Test
    void create_whenTheNameIsTaken_isRejected() {
        doThrow(new AccountNameTakenException(Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME))
                .when(names).reserve(ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC, ACCOUNT_NAME,
                        ACCOUNT_ID);

        fixture.givenNoPriorActivity()
                .when(createCommand())
                .expectNoEvents()
                .expectException(AccountNameTakenException.class);
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
                .expectException(AccountNotFoundException.class);
    }

    @Test
    void connect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(AccountDeletedException.class);
    }

    @Test
    void connect_byAnotherOrganization_whenAccountDeleted_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountDeleted())
                .when(new ConnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, CREDENTIALS))
                .expectNoEvents()
                .expectException(AccountNotFoundException.class);
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
                .expectException(IllegalAccountStateException.class)
                .expectException(predicate(
                        (IllegalAccountStateException e) -> e.status() == AccountStatus.DISCONNECTED));
    }

    @Test
    void disconnect_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new DisconnectAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(AccountNotFoundException.class);
    }

    @Test
    void disconnect_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new DisconnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(AccountDeletedException.class);
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
                .expectException(IllegalAccountStateException.class)
                .expectException(predicate(
                        (IllegalAccountStateException e) -> e.status() == AccountStatus.DISCONNECTED));
    }

    @Test
    void markFailed_whenAlreadyFailed_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountMarkedFailed())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "Still revoked"))
                .expectNoEvents()
                .expectException(IllegalAccountStateException.class)
                .expectException(predicate((IllegalAccountStateException e) -> e.status() == AccountStatus.ERROR));
    }

    @Test
    void markFailed_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(AccountNotFoundException.class);
    }

    @Test
    void markFailed_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new MarkAccountFailedCommand(ACCOUNT_ID, ORGANIZATION_ID, "The refresh token was revoked"))
                .expectNoEvents()
                .expectException(AccountDeletedException.class);
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
                .expectException(AccountDeletedException.class);

        verify(names, never()).release(any());
    }

    @Test
    void delete_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated())
                .when(new DeleteAccountCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(AccountNotFoundException.class);

        verify(names, never()).release(any());
    }

    @Test
    void connect_withCredentialsOfTheWrongShape_isRejectedBeforeAnythingIsSealed() {
        fixture.given(accountCreated())
                .when(new ConnectAccountCommand(ACCOUNT_ID, ORGANIZATION_ID,
                        Map.of("refresh_token", "not-an-lwa-token", "password", "hunter2")))
                .expectNoEvents()
                .expectException(InvalidShapeException.class)
                .expectException(predicate((InvalidShapeException e) -> e.violations().stream()
                        .map(InvalidShapeException.Violation::field).toList()
                        .containsAll(List.of("credentials.password", "credentials.refresh_token",
                                "credentials.selling_partner_id"))));
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
                .expectException(IllegalAccountStateException.class);
    }

    @Test
    void rotateKey_byAnotherOrganization_isRejectedAsNotFound() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS))
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, OTHER_ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(AccountNotFoundException.class);
    }

    @Test
    void rotateKey_whenAccountDeleted_isRejected() {
        fixture.given(accountCreated(), accountConnected(CREDENTIALS), accountDeleted())
                .when(new RotateAccountKeyCommand(ACCOUNT_ID, ORGANIZATION_ID))
                .expectNoEvents()
                .expectException(AccountDeletedException.class);
    }

    // ---------------------------------------------------------------- crypto-shredding

    @Test
    void shred_afterDeletion_destroysTheKeySoThatEarlierCiphertextsNoLongerOpen() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected, accountDeleted())
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectEvents(new AccountCredentialsShreddedEvent(ACCOUNT_ID));

        assertThatThrownBy(() -> cipher.decrypt(owner(), connected.credentials()))
                .isInstanceOf(CredentialsShreddedException.class);
    }

    @Test
    void shred_ofALiveAccount_isRejected() {
        AccountConnectedEvent connected = accountConnected(CREDENTIALS);
        fixture.given(accountCreated(), connected)
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(IllegalAccountStateException.class);

        assertThat(cipher.decrypt(owner(), connected.credentials())).isEqualTo(CREDENTIALS);
    }

    @Test
    void shred_twice_isRejected() {
        fixture.given(accountCreated(), accountDeleted(), new AccountCredentialsShreddedEvent(ACCOUNT_ID))
                .when(new ShredAccountCredentialsCommand(ACCOUNT_ID))
                .expectNoEvents()
                .expectException(CredentialsAlreadyShreddedException.class);
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
