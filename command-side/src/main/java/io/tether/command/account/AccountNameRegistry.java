package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NAME_TAKEN;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps account names unique per organization, marketplace and integration type. It writes in the
 * transaction of the command that creates or deletes the account, so a reservation exists exactly
 * when the account's creation event does.
 */
@Component
public class AccountNameRegistry {

    private final JdbcClient jdbc;

    AccountNameRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws ProblemException {@code ACCOUNT_NAME_TAKEN} when a live account of the organization has the name */
    public void reserve(UUID organizationId, Marketplace marketplace, IntegrationType integrationType,
                        String accountName, UUID accountId) {
        int inserted = jdbc.sql("""
                        INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)
                        VALUES (:organizationId, :marketplace, :integrationType, :nameKey, :accountId)
                        ON CONFLICT DO NOTHING""")
                .param("organizationId", organizationId)
                .param("marketplace", marketplace.name())
                .param("integrationType", integrationType.name())
                .param("nameKey", accountName.toLowerCase(Locale.ROOT))
                .param("accountId", accountId)
                .update();
        if (inserted == 0) {
            throw ACCOUNT_NAME_TAKEN.exception("The organization already has an account named '" + accountName
                    + "' for " + marketplace + " " + integrationType).withError("account_name", "is already taken");
        }
    }

    /** Whether the live account belongs to the organization, without opening anything of it. */
    public boolean belongsTo(UUID accountId, UUID organizationId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account_names WHERE account_id = ? AND organization_id = ?)")
                .params(accountId, organizationId)
                .query(Boolean.class)
                .single();
    }

    /** The live account's organization and integration type, without opening anything of it; empty once it is deleted. */
    public Optional<LiveAccount> find(UUID accountId) {
        return jdbc.sql("SELECT organization_id, integration_type FROM account_names WHERE account_id = ?")
                .param(accountId)
                .query((row, index) -> new LiveAccount(accountId, row.getObject("organization_id", UUID.class),
                        IntegrationType.valueOf(row.getString("integration_type"))))
                .optional();
    }

    public record LiveAccount(UUID accountId, UUID organizationId, IntegrationType integrationType) {
    }

    /** The organization's live accounts. */
    public List<UUID> accountsOf(UUID organizationId) {
        return jdbc.sql("SELECT account_id FROM account_names WHERE organization_id = ? ORDER BY account_id")
                .param(organizationId)
                .query(UUID.class)
                .list();
    }

    public void release(UUID accountId) {
        jdbc.sql("DELETE FROM account_names WHERE account_id = :accountId").param("accountId", accountId).update();
    }
}
