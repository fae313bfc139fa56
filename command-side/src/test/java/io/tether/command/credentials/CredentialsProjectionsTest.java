package io.tether.command.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AdsProfile;
import io.tether.api.account.AdsProfileChosenEvent;
import io.tether.api.account.AdsProfilesFetchedEvent;
import io.tether.api.account.AccountDeletedEvent;
import io.tether.api.account.AccountDisconnectedEvent;
import io.tether.api.account.AccountKeyRotatedEvent;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.AccessTokenRefreshedEvent;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.CommandDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code account_credentials} as the two projections of the current-credentials group keep it, on the
 * command side's own schema in a real PostgreSQL (one per class), without a Spring context: each
 * account's row holds its latest sealed credentials and goes with the connection.
 */
class CredentialsProjectionsTest {

    private static final EncryptedCredentials FIRST = new EncryptedCredentials("local:v1:Rmlyc3Q");
    private static final EncryptedCredentials ROTATED = new EncryptedCredentials("local:v2:Um90YXRlZA");
    private static final EncryptedCredentials REFRESHED = new EncryptedCredentials("local:v2:UmVmcmVzaGVk");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static CommandDatabase database;
    private static JdbcClient jdbc;
    private static CurrentCredentials currentCredentials;
    private static CurrentCredentialsProjection connections;
    private static OAuthCredentialsProjection oauth;

    @BeforeAll
    static void commandSchema() throws Exception {
        database = new CommandDatabase("current-credentials");
        jdbc = database.jdbc;
        currentCredentials = new CurrentCredentials(jdbc);
        connections = new CurrentCredentialsProjection(currentCredentials);
        oauth = new OAuthCredentialsProjection(currentCredentials);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void aConnect_storesTheCredentials_andAKeyRotationReplacesThemWithTheResealedOnes() {
        UUID account = namedAccount();

        connections.on(new AccountConnectedEvent(account, FIRST), T0);
        assertThat(row(account)).containsExactly(FIRST.ciphertext(), 1, T0);

        connections.on(new AccountKeyRotatedEvent(account, 2, ROTATED), T0.plusSeconds(60));
        assertThat(row(account)).containsExactly(ROTATED.ciphertext(), 2, T0.plusSeconds(60));
    }

    @Test
    void aKeyRotationWithoutCredentials_leavesTheRowAsItWas() {
        UUID connected = namedAccount();
        UUID neverConnected = namedAccount();
        connections.on(new AccountConnectedEvent(connected, FIRST), T0);

        connections.on(new AccountKeyRotatedEvent(connected, 2, null), T0.plusSeconds(60));
        connections.on(new AccountKeyRotatedEvent(neverConnected, 2, null), T0.plusSeconds(60));

        assertThat(row(connected)).containsExactly(FIRST.ciphertext(), 1, T0);
        assertThat(row(neverConnected)).isEmpty();
    }

    @Test
    void aDisconnect_andADeletion_removeTheRow() {
        UUID disconnected = namedAccount();
        UUID deleted = namedAccount();
        connections.on(new AccountConnectedEvent(disconnected, FIRST), T0);
        connections.on(new AccountConnectedEvent(deleted, FIRST), T0);

        connections.on(new AccountDisconnectedEvent(disconnected));
        connections.on(new AccountDeletedEvent(deleted));

        assertThat(row(disconnected)).isEmpty();
        assertThat(row(deleted)).isEmpty();
    }

    @Test
    void aCompletedOAuthFlow_storesItsTokens_andARefreshReplacesThem() {
        UUID account = namedAccount();

        oauth.on(new OAuthCompletedEvent(account, OAuthFlow.ADS, Region.EU, FIRST, T0.plusSeconds(3600)), T0);
        assertThat(row(account)).containsExactly(FIRST.ciphertext(), 1, T0);

        oauth.on(new AccessTokenRefreshedEvent(account, REFRESHED, T0.plusSeconds(7200), false), T0.plusSeconds(3500));
        assertThat(row(account)).containsExactly(REFRESHED.ciphertext(), 2, T0.plusSeconds(3500));
    }

    @Test
    void aChosenAdsProfile_isKept_untilAFetchOfTheProfilesNoLongerReachesIt() {
        UUID account = namedAccount();
        connections.on(new AccountConnectedEvent(account, FIRST), T0);

        connections.on(new AdsProfileChosenEvent(account, "111"));
        connections.on(new AdsProfilesFetchedEvent(account, List.of(profile("111"), profile("222"))));
        assertThat(currentCredentials.readable(account).orElseThrow().adsProfileId()).isEqualTo("111");

        connections.on(new AdsProfilesFetchedEvent(account, List.of(profile("222"))));
        assertThat(currentCredentials.readable(account).orElseThrow().adsProfileId()).isNull();
        assertThat(currentCredentials.readable(account).orElseThrow().credentials()).isEqualTo(FIRST);
    }

    @Test
    void aDeletedAccount_isNoLongerReadable() {
        UUID account = namedAccount();
        connections.on(new AccountConnectedEvent(account, FIRST), T0);
        connections.on(new AdsProfileChosenEvent(account, "111"));

        jdbc.sql("DELETE FROM account_names WHERE account_id = ?").param(account).update();

        assertThat(currentCredentials.readable(account)).isEmpty();
    }

    private static AdsProfile profile(String id) {
        return new AdsProfile(id, "DE", "EUR", "Seller " + id, "seller");
    }

    /** An account as its creation leaves it: its name reserved (its credentials' row refers to it). */
    private static UUID namedAccount() {
        UUID account = UUID.randomUUID();
        jdbc.sql("INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)"
                        + " VALUES (?, 'AMAZON', 'ADS_API', ?, ?)")
                .params(UUID.randomUUID(), account.toString(), account).update();
        return account;
    }

    /** The account's row as (ciphertext, key version, updated at), or nothing. */
    private static List<Object> row(UUID account) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT ciphertext, key_version, updated_at FROM account_credentials"
                + " WHERE account_id = ?").param(account).query().listOfRows();
        return rows.isEmpty() ? List.of() : List.of(rows.get(0).get("ciphertext"), rows.get(0).get("key_version"),
                ((Timestamp) rows.get(0).get("updated_at")).toInstant());
    }
}
