package io.tether.query.global;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationConfigChangedEvent;
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsVerifiedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationDetailsChangedEvent;
import io.tether.api.global.GlobalIntegrationDisabledEvent;
import io.tether.api.global.GlobalIntegrationDisconnectedEvent;
import io.tether.api.global.GlobalIntegrationEnabledEvent;
import io.tether.api.global.GlobalIntegrationPageView;
import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.WebhookSecretRotatedEvent;
import io.tether.query.ReadModelDatabase;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The global integrations read model as its projection writes it, in a real PostgreSQL, without a Spring
 * context: each event's change, redeliveries that change nothing, deletion as a tombstone, and the
 * listing's pages with the cursors it has always handed out.
 */
class GlobalIntegrationProjectionTest {

    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static GlobalIntegrationReadModel integrations;
    private static GlobalIntegrationProjection projection;
    private static GlobalIntegrationQueryHandler queries;

    @BeforeAll
    static void start() throws Exception {
        integrations = new GlobalIntegrationReadModel(database.jdbc());
        projection = new GlobalIntegrationProjection(integrations);
        queries = new GlobalIntegrationQueryHandler(integrations);
    }

    @BeforeEach
    void emptyTable() {
        projection.reset();
    }

    @Test
    void aCreatedIntegration_isDisconnected_andConnectingSetsItsCredentialsAndTime() {
        UUID id = UUID.randomUUID();
        projection.on(created(id), 0, T0);
        assertThat(integrations.find(ORGANIZATION_ID, id)).contains(new GlobalIntegrationView(id, ORGANIZATION_ID, null,
                "shopify", "Shop", "Our shop", null, true, Map.of("region", "eu"), GlobalIntegrationStatus.DISCONNECTED,
                null, false, "admin@example.com", null, T0, T0));

        projection.on(new GlobalIntegrationConnectedEvent(id, SEALED), 1, T0.plusSeconds(60));

        GlobalIntegrationView connected = integrations.find(ORGANIZATION_ID, id).orElseThrow();
        assertThat(connected.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
        assertThat(connected.hasCredentials()).isTrue();
        assertThat(connected.connectedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aRejection_showsTheReasonInError_andALaterVerificationOrReconnectClearsIt() {
        UUID id = UUID.randomUUID();
        projection.on(created(id), 0, T0);
        projection.on(new GlobalIntegrationConnectedEvent(id, SEALED), 1, T0.plusSeconds(60));

        projection.on(new GlobalIntegrationCredentialsRejectedEvent(id, "Slack did not accept the bot token"), 2,
                T0.plusSeconds(120));
        GlobalIntegrationView rejected = integrations.find(ORGANIZATION_ID, id).orElseThrow();
        assertThat(rejected.status()).isEqualTo(GlobalIntegrationStatus.ERROR);
        assertThat(rejected.errorMessage()).isEqualTo("Slack did not accept the bot token");
        assertThat(rejected.hasCredentials()).isTrue();

        projection.on(new GlobalIntegrationCredentialsVerifiedEvent(id, true), 3, T0.plusSeconds(180));
        GlobalIntegrationView recovered = integrations.find(ORGANIZATION_ID, id).orElseThrow();
        assertThat(recovered.status()).isEqualTo(GlobalIntegrationStatus.CONNECTED);
        assertThat(recovered.errorMessage()).isNull();
        assertThat(recovered.updatedAt()).isEqualTo(T0.plusSeconds(180));

        projection.on(new GlobalIntegrationCredentialsRejectedEvent(id, "again"), 4, T0.plusSeconds(240));
        projection.on(new GlobalIntegrationConnectedEvent(id, SEALED), 5, T0.plusSeconds(300));
        assertThat(integrations.find(ORGANIZATION_ID, id).orElseThrow().errorMessage()).isNull();
    }

    @Test
    void detailsConfigAndEnabling_changeTheirColumns_andASecretRotationOnlyTheTime() {
        UUID id = UUID.randomUUID();
        projection.on(created(id), 0, T0);
        projection.on(new GlobalIntegrationDetailsChangedEvent(id, "Shop EU", null, "https://example.com/logo.png"), 1,
                T0.plusSeconds(60));
        projection.on(new GlobalIntegrationConfigChangedEvent(id, Map.of("region", "us")), 2, T0.plusSeconds(120));
        projection.on(new GlobalIntegrationDisabledEvent(id), 3, T0.plusSeconds(180));
        projection.on(new WebhookSecretRotatedEvent(id, SEALED), 4, T0.plusSeconds(240));

        assertThat(integrations.find(ORGANIZATION_ID, id)).contains(new GlobalIntegrationView(id, ORGANIZATION_ID, null,
                "shopify", "Shop EU", null, "https://example.com/logo.png", false, Map.of("region", "us"),
                GlobalIntegrationStatus.DISCONNECTED, null, false, "admin@example.com", null, T0, T0.plusSeconds(240)));

        projection.on(new GlobalIntegrationEnabledEvent(id), 5, T0.plusSeconds(300));
        assertThat(integrations.find(ORGANIZATION_ID, id)).map(GlobalIntegrationView::enabled).contains(true);
    }

    @Test
    void aRedeliveredOlderEvent_changesNothing() {
        UUID id = UUID.randomUUID();
        projection.on(created(id), 0, T0);
        projection.on(new GlobalIntegrationConnectedEvent(id, SEALED), 1, T0.plusSeconds(60));
        projection.on(new GlobalIntegrationDisconnectedEvent(id), 2, T0.plusSeconds(120));

        projection.on(new GlobalIntegrationConnectedEvent(id, SEALED), 1, T0.plusSeconds(180));
        projection.on(created(id), 0, T0.plusSeconds(180));

        GlobalIntegrationView row = integrations.find(ORGANIZATION_ID, id).orElseThrow();
        assertThat(row.status()).isEqualTo(GlobalIntegrationStatus.DISCONNECTED);
        assertThat(row.updatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void theListing_pagesInCreationOrder_withTheCursorItHasAlwaysHandedOut_pastDeletedRows() {
        for (int i = 1; i <= 3; i++) {
            projection.on(created(new UUID(0, i)), 0, T0.plusSeconds(60L * (i - 1)));
        }

        GlobalIntegrationPageView first = queries.handle(listing(2, null));
        assertThat(first.items()).extracting(GlobalIntegrationView::id).containsExactly(new UUID(0, 1), new UUID(0, 2));
        // base64url("00000000-0000-0000-0000-000000000002"), as cursors were before.
        String cursor = "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAy";
        assertThat(first.nextCursor()).isEqualTo(cursor);

        projection.on(new GlobalIntegrationDeletedEvent(new UUID(0, 2)), 1, T0.plusSeconds(600));
        GlobalIntegrationPageView last = queries.handle(listing(2, cursor));
        assertThat(last.items()).extracting(GlobalIntegrationView::id).containsExactly(new UUID(0, 3));
        assertThat(last.nextCursor()).isNull();
        assertThat(integrations.find(ORGANIZATION_ID, new UUID(0, 2))).isEmpty();
    }

    private static GlobalIntegrationCreatedEvent created(UUID id) {
        return new GlobalIntegrationCreatedEvent(id, ORGANIZATION_ID, null, "shopify", "Shop", "Our shop", null, true,
                Map.of("region", "eu"), SEALED, "admin@example.com");
    }

    private static FindGlobalIntegrationsQuery listing(int limit, String cursor) {
        return new FindGlobalIntegrationsQuery(ORGANIZATION_ID, null, null, null, limit, cursor);
    }
}
