package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.AccountConnectedEvent;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.AccountMarkedFailedEvent;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountStateAtTest {

    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anOAuthFlow_goesConnectingThenConnected() {
        AccountView state = created();
        state = AccountStateAt.evolve(state, started(), T0.plusSeconds(1));
        assertThat(state.status()).isEqualTo(AccountStatus.CONNECTING);

        state = AccountStateAt.evolve(state, new OAuthCompletedEvent(ACCOUNT, anyFlow(), Region.EU, SEALED,
                T0.plusSeconds(3600)), T0.plusSeconds(2));

        assertThat(state.status()).isEqualTo(AccountStatus.CONNECTED);
        assertThat(state.hasCredentials()).isTrue();
        assertThat(state.connectedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aFailedFlow_isAnErrorWithItsReason() {
        AccountView state = AccountStateAt.evolve(created(), started(), T0.plusSeconds(1));

        state = AccountStateAt.evolve(state, new OAuthFailedEvent(ACCOUNT, anyFlow(), "Reconnect: access was denied"),
                T0.plusSeconds(2));

        assertThat(state.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(state.errorMessage()).isEqualTo("Reconnect: access was denied");
    }

    @Test
    void anAbandonedFlow_returnsTheAccountToWhereItWas() {
        AccountView state = AccountStateAt.evolve(created(), new AccountConnectedEvent(ACCOUNT, SEALED), T0.plusSeconds(1));
        state = AccountStateAt.evolve(state, new AccountMarkedFailedEvent(ACCOUNT, "expired token"), T0.plusSeconds(2));
        state = AccountStateAt.evolve(state, started(), T0.plusSeconds(3));

        state = AccountStateAt.evolve(state, new OAuthExpiredEvent(ACCOUNT, "a".repeat(64), AccountStatus.ERROR, "expired token"),
                T0.plusSeconds(4));

        assertThat(state.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(state.errorMessage()).isEqualTo("expired token");
        assertThat(state.hasCredentials()).isTrue();
    }

    private static AccountView created() {
        return AccountStateAt.evolve(null, new AccountCreatedEvent(ACCOUNT, ORGANIZATION, Marketplace.AMAZON,
                IntegrationType.ADS_API, "Timeline", Region.EU), T0);
    }

    private static OAuthStartedEvent started() {
        return new OAuthStartedEvent(ACCOUNT, anyFlow(), "a".repeat(64), SEALED, T0.plusSeconds(600));
    }

    private static OAuthFlow anyFlow() {
        return OAuthFlow.values()[0];
    }
}
