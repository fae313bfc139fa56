package io.tether.query.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import io.tether.api.account.AccountChanges;
import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountPageView;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.FindAccountsQuery;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.query.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The accounts read model as its projection writes it, in a real PostgreSQL, without a Spring context:
 * each row is what {@link AccountChanges} (the audit's point-in-time view too) makes of the account's
 * events, whether the events come one at a time or in one batch; a redelivery changes nothing; the
 * listing pages with the cursors it has always handed out.
 */
class AccountProjectionTest {

    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static AccountReadModel accounts;
    private static AccountProjection projection;
    private static AccountQueryHandler queries;
    private static AnnotationEventHandlerAdapter handlers;

    @BeforeAll
    static void start() throws Exception {
        accounts = new AccountReadModel(database.jdbc(), database.batchedWrites());
        projection = new AccountProjection(accounts);
        queries = new AccountQueryHandler(accounts);
        handlers = new AnnotationEventHandlerAdapter(projection);
    }

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    @Test
    void eachEvent_changesTheRowAsTheSharedDefinitionSays_oneAtATime() {
        UUID account = UUID.randomUUID();
        List<Object> history = history(account);

        for (int sequence = 0; sequence < history.size(); sequence++) {
            project(history.get(sequence), sequence);
            assertThat(accounts.find(ORGANIZATION_ID, account)).as("after %s", history.get(sequence).getClass().getSimpleName())
                    .contains(replayed(history.subList(0, sequence + 1)));
        }
    }

    @Test
    void aHistoryInOneBatch_endsWithTheSameRow() {
        UUID account = UUID.randomUUID();
        List<Object> history = history(account);

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        for (int sequence = 0; sequence < history.size(); sequence++) {
            project(history.get(sequence), sequence);
        }
        batch.commit();

        assertThat(accounts.find(ORGANIZATION_ID, account)).contains(replayed(history));
    }

    @Test
    void aRedeliveredOlderEvent_changesNothing() {
        UUID account = UUID.randomUUID();
        project(created(account), 0);
        project(new AccountConnectedEvent(account, SEALED), 1);
        project(new AccountMarkedFailedEvent(account, "The refresh token was revoked"), 2);

        project(new AccountConnectedEvent(account, SEALED), 1);

        assertThat(accounts.find(ORGANIZATION_ID, account)).map(AccountView::status).contains(AccountStatus.ERROR);
    }

    @Test
    void aDeletedAccount_isNeitherFoundNorListed() {
        UUID account = UUID.randomUUID();
        project(created(account), 0);
        project(new AccountDeletedEvent(account), 1);

        assertThat(accounts.find(ORGANIZATION_ID, account)).isEmpty();
        assertThat(queries.handle(listing(10, null)).items()).isEmpty();
    }

    @Test
    void theListing_pagesInCreationOrder_withTheCursorItHasAlwaysHandedOut() {
        for (int i = 1; i <= 3; i++) {
            project(created(new UUID(0, i)), 0, T0.plusSeconds(60L * (i - 1)));
        }

        AccountPageView first = queries.handle(listing(2, null));
        assertThat(first.items()).extracting(AccountView::id).containsExactly(new UUID(0, 1), new UUID(0, 2));
        // base64url("2026-01-01T00:01:00Z|00000000-0000-0000-0000-000000000002"), as cursors were before.
        String cursor = "MjAyNi0wMS0wMVQwMDowMTowMFp8MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAy";
        assertThat(first.nextCursor()).isEqualTo(cursor);

        AccountPageView last = queries.handle(listing(2, cursor));
        assertThat(last.items()).extracting(AccountView::id).containsExactly(new UUID(0, 3));
        assertThat(last.nextCursor()).isNull();
        assertThatThrownBy(() -> queries.handle(listing(2, "not-a-cursor"))).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", ProblemCode.INVALID_CURSOR);
    }

    /** Every event the projection handles, in an order the aggregate allows. */
    private static List<Object> history(UUID account) {
        return List.of(created(account),
                new AccountConnectedEvent(account, SEALED),
                new AccountMarkedFailedEvent(account, "The refresh token was revoked"),
                new OAuthStartedEvent(account, OAuthFlow.ADS, "a".repeat(64), SEALED, T0.plusSeconds(3600)),
                new OAuthExpiredEvent(account, "a".repeat(64), AccountStatus.ERROR, "The refresh token was revoked"),
                new OAuthStartedEvent(account, OAuthFlow.ADS, "b".repeat(64), SEALED, T0.plusSeconds(3600)),
                new OAuthFailedEvent(account, OAuthFlow.ADS, "Reconnect: access was denied"),
                new OAuthStartedEvent(account, OAuthFlow.ADS, "c".repeat(64), SEALED, T0.plusSeconds(3600)),
                new OAuthCompletedEvent(account, OAuthFlow.ADS, Region.EU, SEALED, T0.plusSeconds(7200)),
                new AccountDisconnectedEvent(account));
    }

    /** The account as the audit's point-in-time view, and so {@link AccountChanges}, has it after these events. */
    private static AccountView replayed(List<Object> events) {
        AccountView state = null;
        for (int sequence = 0; sequence < events.size(); sequence++) {
            Instant at = at(sequence);
            Object event = events.get(sequence);
            if (event instanceof AccountCreatedEvent created) {
                state = AccountChanges.created(created, at);
            } else {
                AccountView before = state;
                state = AccountChanges.of(event, at).map(change -> AccountChanges.apply(before, change, at)).orElse(before);
            }
        }
        return state;
    }

    private static void project(Object event, long sequence) {
        project(event, sequence, at(sequence));
    }

    /** Through the projection's annotated handlers, as its processor delivers the event. */
    private static void project(Object event, long sequence, Instant at) {
        try {
            handlers.handle(new GenericDomainEventMessage<>("IntegrationAccount", "account", sequence, event,
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), at));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(long sequence) {
        return T0.plusSeconds(60 * sequence);
    }

    private static AccountCreatedEvent created(UUID account) {
        return new AccountCreatedEvent(account, ORGANIZATION_ID, Marketplace.AMAZON, IntegrationType.ADS_API,
                "Account " + account, Region.EU);
    }

    private static FindAccountsQuery listing(int limit, String cursor) {
        return new FindAccountsQuery(ORGANIZATION_ID, null, null, null, limit, cursor);
    }
}
