package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountCredentialsReadEvent;
import io.tether.api.account.AccountCredentialsRejectedEvent;
import io.tether.api.account.AccountCredentialsVerifiedEvent;
import io.tether.api.account.AccountCredentialsShreddedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.AccessTokenRefreshedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.OAuthStateRedeemedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The aggregate keeps its own state (credentials, keys, a pending OAuth flow), so its event-sourcing
 * handlers are not {@link AccountChanges}, the definition the read model and the audit's point-in-time
 * view share. They must agree on everything the API shows: each sequence of events is replayed through
 * the aggregate, as Axon applies events to it and its OAuth entity, and through {@link AccountChanges},
 * and after every event the two views are the same.
 */
class AccountChangesAgreeWithTheAggregateTest {

    private static final UUID ACCOUNT_ID = UUID.randomUUID();
    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final EncryptedCredentials RESEALED = new EncryptedCredentials("local:v2:BBBB");
    private static final String STATE_HASH = "a".repeat(64);
    private static final String OTHER_STATE_HASH = "b".repeat(64);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final AggregateModel<IntegrationAccount> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(IntegrationAccount.class);

    static Stream<Arguments> histories() {
        return Stream.of(
                history("connect, fail, reconnect, disconnect",
                        connected(), failed("The refresh token was revoked"), connected(), disconnected()),
                history("an OAuth flow that completes",
                        started(STATE_HASH), redeemed(STATE_HASH), completed(), refreshed(), read()),
                history("an OAuth flow that fails after a connection",
                        connected(), started(STATE_HASH), redeemed(STATE_HASH), oauthFailed()),
                history("a restarted flow from an error that expires",
                        connected(), failed("expired token"), started(STATE_HASH), started(OTHER_STATE_HASH),
                        expired(OTHER_STATE_HASH, AccountStatus.ERROR, "expired token")),
                history("a flow ended by a disconnect, a connect while connecting",
                        started(STATE_HASH), disconnected(), started(OTHER_STATE_HASH), connected()),
                history("keys rotated, then the account deleted and shredded",
                        connected(), new AccountKeyRotatedEvent(ACCOUNT_ID, 2, RESEALED), read(),
                        new AccountDeletedEvent(ACCOUNT_ID), new AccountCredentialsShreddedEvent(ACCOUNT_ID)),
                history("credentials refused at a check, then accepted again (the recovery)",
                        connected(), new AccountCredentialsRejectedEvent(ACCOUNT_ID, "Amazon no longer accepts it"),
                        new AccountCredentialsVerifiedEvent(ACCOUNT_ID, true), new AccountCredentialsVerifiedEvent(ACCOUNT_ID, false)),
                history("a worker's failure recovered by a check",
                        completed(), failed("HTTP 401 from the Ads API"), new AccountCredentialsVerifiedEvent(ACCOUNT_ID, true)),
                history("deleted while connecting", connected(), started(STATE_HASH), new AccountDeletedEvent(ACCOUNT_ID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void afterEveryEvent_theAggregateShowsWhatTheSharedDefinitionGives(String history, List<Object> events) {
        IntegrationAccount aggregate = new IntegrationAccount();
        AccountCreatedEvent created = new AccountCreatedEvent(ACCOUNT_ID, ORGANIZATION_ID, Marketplace.AMAZON,
                IntegrationType.ADS_API, "Agreement", Region.EU);
        apply(aggregate, created, 0, T0);
        AccountView shared = AccountChanges.created(created, T0);
        assertThat(aggregate.view()).isEqualTo(shared);

        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            Instant at = T0.plusSeconds(60L * (i + 1));
            apply(aggregate, event, i + 1, at);
            AccountView before = shared;
            shared = AccountChanges.of(event, at).map(change -> AccountChanges.apply(before, change, at)).orElse(before);

            assertThat(aggregate.view()).as("after %s", event.getClass().getSimpleName()).isEqualTo(shared);
        }
    }

    private static void apply(IntegrationAccount aggregate, Object event, long sequence, Instant at) {
        MODEL.publish(new GenericDomainEventMessage<>(MODEL.type(), ACCOUNT_ID.toString(), sequence, event, Map.of(),
                UUID.randomUUID().toString(), at), aggregate);
    }

    private static Arguments history(String name, Object... events) {
        return Arguments.of(name, List.of(events));
    }

    private static AccountConnectedEvent connected() {
        return new AccountConnectedEvent(ACCOUNT_ID, SEALED);
    }

    private static AccountDisconnectedEvent disconnected() {
        return new AccountDisconnectedEvent(ACCOUNT_ID);
    }

    private static AccountMarkedFailedEvent failed(String reason) {
        return new AccountMarkedFailedEvent(ACCOUNT_ID, reason);
    }

    private static OAuthStartedEvent started(String stateHash) {
        return new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.ADS, stateHash, SEALED, T0.plusSeconds(3600));
    }

    private static OAuthStateRedeemedEvent redeemed(String stateHash) {
        return new OAuthStateRedeemedEvent(ACCOUNT_ID, stateHash);
    }

    private static OAuthCompletedEvent completed() {
        return new OAuthCompletedEvent(ACCOUNT_ID, OAuthFlow.ADS, Region.EU, SEALED, T0.plusSeconds(7200));
    }

    private static OAuthFailedEvent oauthFailed() {
        return new OAuthFailedEvent(ACCOUNT_ID, OAuthFlow.ADS, "Reconnect: access was denied");
    }

    private static OAuthExpiredEvent expired(String stateHash, AccountStatus restored, String restoredMessage) {
        return new OAuthExpiredEvent(ACCOUNT_ID, stateHash, restored, restoredMessage);
    }

    private static AccessTokenRefreshedEvent refreshed() {
        return new AccessTokenRefreshedEvent(ACCOUNT_ID, RESEALED, T0.plusSeconds(9000), false);
    }

    private static AccountCredentialsReadEvent read() {
        return new AccountCredentialsReadEvent(ACCOUNT_ID, 2, "order sync");
    }
}
