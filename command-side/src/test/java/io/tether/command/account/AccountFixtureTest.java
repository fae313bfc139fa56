package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.Mockito.mock;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountView;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.StartOAuthCommand;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.TestClocks;
import io.tether.command.catalog.CredentialShapes;
import io.tether.command.credentials.CredentialOwner;
import io.tether.command.credentials.TestCiphers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the account's fixture tests share: one account, its fixture with the resources its handlers
 * take, and the events and commands the tests give and expect.
 */
abstract class AccountFixtureTest {


    static final UUID ORGANIZATION_ID = UUID.randomUUID();
    static final UUID OTHER_ORGANIZATION_ID = UUID.randomUUID();
    static final UUID ACCOUNT_ID = UUID.randomUUID();
    static final String ACCOUNT_NAME = "EU storefront";

    static final Instant CREATED_AT = Instant.parse("2025-03-01T09:00:00Z");
    static final Instant CONNECTED_AT = Instant.parse("2025-03-02T10:30:00Z");
    static final Instant NOW = Instant.parse("2025-03-05T16:45:00Z");

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String STATE = "Zm9yZ2VkLWJ5LW5vYm9keS0xMjM0NTY3ODkwYWJjZGVm";
    static final String OTHER_STATE = "YW5vdGhlci1zdGF0ZS1vZi1hbm90aGVyLWZsb3ctMTIz";
    static final String STATE_HASH = OAuthSecrets.hashOfState(STATE);
    static final String CODE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    static final Map<String, String> CREDENTIALS = Map.of(
            "refresh_token", "Atzr|IwEBIFirstRefreshToken",
            "selling_partner_id", "A1B2C3D4E5F6G7");
    static final Map<String, String> NEW_CREDENTIALS = Map.of(
            "refresh_token", "Atzr|IwEBISecondRefreshToken",
            "selling_partner_id", "A1B2C3D4E5F6G7");

    final CredentialCipher cipher = TestCiphers.localKeyring();
    final AccountNameRegistry names = mock(AccountNameRegistry.class);
    AggregateTestFixture<IntegrationAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IntegrationAccount.class);
        fixture.registerInjectableResource(cipher);
        fixture.registerInjectableResource(names);
        fixture.registerInjectableResource(new CredentialShapes());
        fixture.registerInjectableResource(TestClocks.fixtureEventClock());
    }

    // ---------------------------------------------------------------- helpers

    static CreateAccountCommand createCommand() {
        return new CreateAccountCommand(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                ACCOUNT_NAME, Region.EU);
    }

    static AccountCreatedEvent accountCreated() {
        return new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.SP_API_SC,
                ACCOUNT_NAME, Region.EU);
    }

    AccountConnectedEvent accountConnected(Map<String, String> credentials) {
        return new AccountConnectedEvent(ACCOUNT_ID, cipher.encrypt(owner(), credentials));
    }

    static AccountMarkedFailedEvent accountMarkedFailed() {
        return new AccountMarkedFailedEvent(ACCOUNT_ID, "The refresh token was revoked");
    }

    static AccountCreatedEvent adsAccountCreated() {
        return new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.ADS_API,
                ACCOUNT_NAME, Region.EU);
    }

    static StartOAuthCommand startAds(String state) {
        return new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.ADS, state, CODE_VERIFIER, LIFETIME);
    }

    static StartOAuthCommand startSpApi(String state) {
        return new StartOAuthCommand(ACCOUNT_ID, ORGANIZATION_ID, OAuthFlow.SP_API, state, null, LIFETIME);
    }

    /** Expires {@link #LIFETIME} after the fixture's current time, as the handler would have it. */
    OAuthStartedEvent adsStarted(String state) {
        return new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.ADS, OAuthSecrets.hashOfState(state),
                cipher.encrypt(OAuthSecrets.codeVerifierOwner(ORGANIZATION_ID, ACCOUNT_ID),
                        Map.of(OAuthSecrets.CODE_VERIFIER, CODE_VERIFIER)),
                fixture.currentTime().plus(LIFETIME));
    }

    OAuthStartedEvent spApiStarted(String state) {
        return new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.SP_API, OAuthSecrets.hashOfState(state), null,
                fixture.currentTime().plus(LIFETIME));
    }

    OAuthCompletedEvent adsCompleted() {
        return new OAuthCompletedEvent(ACCOUNT_ID, OAuthFlow.ADS, Region.EU, cipher.encrypt(owner(), Map.of(
                "refresh_token", "Atzr|refresh-1", "access_token", "Atza|access-1",
                "access_token_expires_at", NOW.toString())), NOW);
    }

    static AccountDeletedEvent accountDeleted() {
        return new AccountDeletedEvent(ACCOUNT_ID);
    }

    static CredentialOwner owner() {
        return CredentialOwner.accountCredentials(ORGANIZATION_ID, ACCOUNT_ID);
    }

    /** The ciphertext is random, so the event is recognised by what it opens to rather than by equality. */
    Matcher<Message<?>> accountConnectedWith(Map<String, String> credentials) {
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
    static Matcher<Object> accountView(Consumer<AccountView> requirements) {
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
