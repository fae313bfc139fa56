package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.oauth.OAuthStateRedeemedEvent;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The account's snapshots: the OAuth entity survives one (with its way back to the account), and a
 * snapshot of an older shape is never read, so that an account whose fields moved is rebuilt from
 * its events instead of from a snapshot that would silently drop its pending flow.
 */
class IntegrationAccountSnapshotTest {

    private static final UUID ACCOUNT_ID = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final String STATE_HASH = OAuthSecrets.hashOfState("c3RhdGUtb2YtdGhlLXNuYXBzaG90LXRlc3Q");

    /** Configured as the application's snapshot serializer is: JSON through fields, unknown properties tolerated. */
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build())
            .build();

    @Test
    void aSnapshot_keepsThePendingFlow_andGivesTheEntityItsAccountBack() throws Exception {
        IntegrationAccount account = accountWithARedeemedFlow();

        SerializedObject<String> snapshot = serializer.serialize(account, String.class);
        IntegrationAccount loaded = serializer.deserialize(snapshot);

        assertThat(snapshot.getType().getRevision()).isEqualTo(IntegrationAccount.SNAPSHOT_REVISION);
        assertThat(snapshot.getData()).contains(STATE_HASH).contains("\"statusBefore\":\"ERROR\"");
        assertThat(serializer.serialize(loaded, String.class).getData()).isEqualTo(snapshot.getData());
        OAuthFlows oauth = (OAuthFlows) field(IntegrationAccount.class, "oauth").get(loaded);
        assertThat(field(OAuthFlows.class, "account").get(oauth)).isSameAs(loaded);
    }

    @Test
    void aSnapshotOfTheShapeBeforeTheOAuthEntity_isNotRead_butOneOfTheCurrentShapeIs() {
        Configuration configuration = DefaultConfigurer.defaultConfiguration()
                .configureAggregate(IntegrationAccount.class)
                .buildConfiguration();
        SnapshotFilter filter = configuration.snapshotFilter();

        assertThat(filter.allow(snapshot(null))).as("revision 1 had no revision").isFalse();
        assertThat(filter.allow(snapshot(IntegrationAccount.SNAPSHOT_REVISION))).isTrue();
    }

    private static GenericDomainEventEntry<String> snapshot(String revision) {
        return new GenericDomainEventEntry<>(IntegrationAccount.class.getSimpleName(), ACCOUNT_ID.toString(), 99,
                UUID.randomUUID().toString(), AT, IntegrationAccount.class.getName(), revision, "{}", "{}");
    }

    private static IntegrationAccount accountWithARedeemedFlow() throws Exception {
        IntegrationAccount account = new IntegrationAccount();
        OAuthFlows oauth = (OAuthFlows) field(IntegrationAccount.class, "oauth").get(account);
        account.on(new AccountCreatedEvent(ACCOUNT_ID, UUID.randomUUID(), Marketplace.AMAZON, IntegrationType.ADS_API,
                "Snapshotted", Region.EU), AT);
        account.on(new AccountMarkedFailedEvent(ACCOUNT_ID, "The refresh token was revoked"), AT);
        oauth.on(new OAuthStartedEvent(ACCOUNT_ID, OAuthFlow.ADS, STATE_HASH, null, AT.plusSeconds(600)), AT);
        oauth.on(new OAuthStateRedeemedEvent(ACCOUNT_ID, STATE_HASH));
        return account;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
