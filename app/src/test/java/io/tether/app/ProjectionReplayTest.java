package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.api.account.ConnectAccountCommand;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.DisconnectAccountCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.MarkAccountFailedCommand;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A read model rebuilt from the event store is the read model it replaces. */
class ProjectionReplayTest extends EndToEndTest {

    @Autowired
    CommandGateway commands;

    @Test
    void replayingTheAccountsAndAuditProjections_rebuildsExactlyTheSameReadModels() {
        UUID organization = UUID.randomUUID();
        for (int i = 0; i < 1000; i++) {
            UUID account = UUID.randomUUID();
            commands.sendAndWait(new CreateAccountCommand(account, organization, Marketplace.AMAZON, IntegrationType.ADS_API,
                    "Replayed " + i, Region.EU));
            commands.sendAndWait(new ConnectAccountCommand(account, organization, Map.of("refresh_token", "Atzr|r" + i)));
            if (i % 3 == 0) {
                commands.sendAndWait(new DisconnectAccountCommand(account, organization));
            } else if (i % 7 == 1) {
                commands.sendAndWait(new MarkAccountFailedCommand(account, organization, "Amazon refused the token " + i));
            }
        }
        Api platformAdmin = as(organization, "platform_admin");
        awaitCaughtUp(platformAdmin, "integration-accounts");
        awaitCaughtUp(platformAdmin, "audit-log");
        List<Map<String, Object>> accountsBefore = accounts(organization);
        List<Map<String, Object>> auditBefore = auditLog(organization);
        assertThat(accountsBefore).hasSize(1000);
        assertThat(auditBefore).hasSize(2430);
        assertThat(accountsBefore).filteredOn(row -> "ERROR".equals(row.get("status"))).hasSize(96);

        assertThat(platformAdmin.post("/admin/projections/integration-accounts/replay", null).status()).isEqualTo(202);
        assertThat(platformAdmin.post("/admin/projections/audit-log/replay", null).status()).isEqualTo(202);

        awaitCaughtUp(platformAdmin, "integration-accounts");
        awaitCaughtUp(platformAdmin, "audit-log");
        assertThat(accounts(organization)).isEqualTo(accountsBefore);
        assertThat(auditLog(organization)).isEqualTo(auditBefore);
    }

    @Test
    void onlyPlatformAdmins_replay_andAProcessorThatMustNotReplayRefuses() {
        assertThat(as(UUID.randomUUID(), "admin").post("/admin/projections/integration-accounts/replay", null).status())
                .isEqualTo(403);
        Api platformAdmin = as(UUID.randomUUID(), "platform_admin");
        assertThat(platformAdmin.post("/admin/projections/no-such-projection/replay", null).status()).isEqualTo(404);
        assertThat(platformAdmin.post("/admin/projections/credential-shredding/replay", null).body().get("code").asText())
                .isEqualTo("projection_not_replayable");
    }

    private static void awaitCaughtUp(Api platformAdmin, String projection) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var status = platformAdmin.get("/admin/projections/" + projection).body();
            return status.get("caught_up").asBoolean() && status.get("running").asBoolean();
        });
    }

    /** This test's rows only: other tests tamper with their own events, which a replay then honestly reflects. */
    private List<Map<String, Object>> accounts(UUID organization) {
        return jdbc.queryForList("SELECT * FROM integration_accounts WHERE organization_id = ? ORDER BY id", organization);
    }

    private List<Map<String, Object>> auditLog(UUID organization) {
        return jdbc.queryForList("SELECT * FROM audit_log WHERE organization_id = ? ORDER BY global_index", organization);
    }
}
