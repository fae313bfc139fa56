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
import io.tether.api.global.GlobalIntegrationConnectedEvent;
import io.tether.api.global.GlobalIntegrationCreatedEvent;
import io.tether.api.global.GlobalIntegrationCredentialsRejectedEvent;
import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.GlobalIntegrationStatus;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.oauth.OAuthCompletedEvent;
import io.tether.api.oauth.OAuthExpiredEvent;
import io.tether.api.oauth.OAuthFailedEvent;
import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthStartedEvent;
import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StateAtTest {

    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID ORGANIZATION = UUID.randomUUID();
    private static final UUID INTEGRATION = UUID.randomUUID();
    private static final EncryptedCredentials SEALED = new EncryptedCredentials("local:v1:AAAA");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anOAuthFlow_goesConnectingThenConnected() {
        AccountView state = created();
        state = StateAt.account(state, started(), T0.plusSeconds(1));
        assertThat(state.status()).isEqualTo(AccountStatus.CONNECTING);

        state = StateAt.account(state, new OAuthCompletedEvent(ACCOUNT, anyFlow(), Region.EU, SEALED,
                T0.plusSeconds(3600)), T0.plusSeconds(2));

        assertThat(state.status()).isEqualTo(AccountStatus.CONNECTED);
        assertThat(state.hasCredentials()).isTrue();
        assertThat(state.connectedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aFailedFlow_isAnErrorWithItsReason() {
        AccountView state = StateAt.account(created(), started(), T0.plusSeconds(1));

        state = StateAt.account(state, new OAuthFailedEvent(ACCOUNT, anyFlow(), "Reconnect: access was denied"),
                T0.plusSeconds(2));

        assertThat(state.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(state.errorMessage()).isEqualTo("Reconnect: access was denied");
    }

    @Test
    void anAbandonedFlow_returnsTheAccountToWhereItWas() {
        AccountView state = StateAt.account(created(), new AccountConnectedEvent(ACCOUNT, SEALED), T0.plusSeconds(1));
        state = StateAt.account(state, new AccountMarkedFailedEvent(ACCOUNT, "expired token"), T0.plusSeconds(2));
        state = StateAt.account(state, started(), T0.plusSeconds(3));

        state = StateAt.account(state, new OAuthExpiredEvent(ACCOUNT, "a".repeat(64), AccountStatus.ERROR, "expired token"),
                T0.plusSeconds(4));

        assertThat(state.status()).isEqualTo(AccountStatus.ERROR);
        assertThat(state.errorMessage()).isEqualTo("expired token");
        assertThat(state.hasCredentials()).isTrue();
    }

    @Test
    void aGlobalIntegrationRefusedThenDeleted_keepsItsLastStatus_withoutCredentials() {
        GlobalIntegrationView state = StateAt.globalIntegration(null, new GlobalIntegrationCreatedEvent(INTEGRATION,
                ORGANIZATION, null, "slack", "Slack", null, null, true, Map.of(), null, "alice"), T0);
        state = StateAt.globalIntegration(state, new GlobalIntegrationConnectedEvent(INTEGRATION, SEALED), T0.plusSeconds(1));
        state = StateAt.globalIntegration(state, new GlobalIntegrationCredentialsRejectedEvent(INTEGRATION, "revoked"),
                T0.plusSeconds(2));
        assertThat(state.status()).isEqualTo(GlobalIntegrationStatus.ERROR);

        state = StateAt.globalIntegration(state, new GlobalIntegrationDeletedEvent(INTEGRATION), T0.plusSeconds(3));

        assertThat(state.status()).isEqualTo(GlobalIntegrationStatus.ERROR);
        assertThat(state.errorMessage()).isEqualTo("revoked");
        assertThat(state.hasCredentials()).isFalse();
        assertThat(state.updatedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aRedefinedTool_keepsItsFirstDefinitionTime() {
        UUID tool = UUID.randomUUID();
        ToolView state = StateAt.tool(null, new ToolDefinedEvent(tool, "crm", "CRM", List.of("slack")), T0);
        state = StateAt.tool(state, new ToolRedefinedEvent(tool, "crm", "CRM 2", List.of()), T0.plusSeconds(5));

        assertThat(state).isEqualTo(new ToolView("crm", "CRM 2", List.of(), T0, T0.plusSeconds(5)));
    }

    private static AccountView created() {
        return StateAt.account(null, new AccountCreatedEvent(ACCOUNT, ORGANIZATION, Marketplace.AMAZON,
                IntegrationType.ADS_API, "Timeline", Region.EU), T0);
    }

    private static OAuthStartedEvent started() {
        return new OAuthStartedEvent(ACCOUNT, anyFlow(), "a".repeat(64), SEALED, T0.plusSeconds(600));
    }

    private static OAuthFlow anyFlow() {
        return OAuthFlow.values()[0];
    }
}
