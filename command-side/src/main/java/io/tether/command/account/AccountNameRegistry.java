package io.tether.command.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NAME_TAKEN;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.problem.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps account names unique per organization, marketplace and integration type. It writes in the
 * transaction of the command that creates or deletes the account, so a reservation exists exactly
 * when the account's creation event does.
 */
@Component
public class AccountNameRegistry {

    /** How many accounts created on this node keep their integration type in memory (about a hundred bytes each). */
    static final int TYPES_REMEMBERED = 10_000;

    private final JdbcClient jdbc;
    /** The integration types of accounts created on this node, remembered once their creation committed. */
    private final Cache<UUID, IntegrationType> typesCreatedHere = Caffeine.newBuilder().maximumSize(TYPES_REMEMBERED).build();

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
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    typesCreatedHere.put(accountId, integrationType);
                }
            });
        } else {
            typesCreatedHere.put(accountId, integrationType);
        }
    }

    /**
     * The integration type the account was created with, which never changes: remembered when it was created on this
     * node (its creation committed), looked up otherwise (empty when no live account has the id). For what follows from
     * an account's own events, whose account exists; a caller that must know the account is still live asks
     * {@link #find}.
     */
    public Optional<IntegrationType> integrationTypeOf(UUID accountId) {
        IntegrationType remembered = typesCreatedHere.getIfPresent(accountId);
        return remembered != null ? Optional.of(remembered) : find(accountId).map(LiveAccount::integrationType);
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
