package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.account.IntegrationType;
import io.tether.command.CommandDatabase;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An account's integration type, which never changes, is remembered once its creation on this node committed; one
 * created elsewhere is looked up, and a creation rolled back is not remembered.
 */
class AccountNameRegistryTest {

    private static CommandDatabase database;
    private static AccountNameRegistry registry;

    @BeforeAll
    static void commandSchema() throws Exception {
        database = new CommandDatabase("account-names");
        registry = new AccountNameRegistry(database.jdbc);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void aCreationCommittedHere_isRemembered_withoutItsRow() {
        UUID account = UUID.randomUUID();
        database.transactions.executeWithoutResult(status -> reserve(account, IntegrationType.WALMART_MP_API));
        forgetRow(account);

        assertThat(registry.integrationTypeOf(account)).as("from memory").contains(IntegrationType.WALMART_MP_API);
        assertThat(registry.find(account)).as("find asks the table").isEmpty();
    }

    @Test
    void aCreationRolledBack_isNotRemembered() {
        UUID account = UUID.randomUUID();
        database.transactions.executeWithoutResult(status -> {
            reserve(account, IntegrationType.ADS_API);
            status.setRollbackOnly();
        });

        assertThat(registry.integrationTypeOf(account)).isEmpty();
    }

    @Test
    void anAccountCreatedElsewhere_isLookedUp() {
        UUID account = UUID.randomUUID();
        database.jdbc.sql("""
                        INSERT INTO account_names (organization_id, marketplace, integration_type, name_key, account_id)
                        VALUES (?, 'AMAZON', 'ADS_API', 'created elsewhere', ?)""")
                .params(UUID.randomUUID(), account).update();

        assertThat(registry.integrationTypeOf(account)).contains(IntegrationType.ADS_API);
        forgetRow(account);
        assertThat(registry.integrationTypeOf(account)).as("a look-up is not remembered").isEmpty();
    }

    private static void reserve(UUID account, IntegrationType type) {
        registry.reserve(UUID.randomUUID(), type.marketplace(),
                type, "account " + account, account);
    }

    private static void forgetRow(UUID account) {
        database.jdbc.sql("DELETE FROM account_names WHERE account_id = ?").param(account).update();
    }
}
