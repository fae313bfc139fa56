package io.tether.command.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.command.CommandDatabase;
import io.tether.command.credentials.DataKeyStore.StoredDataKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local keyring's data keys on the command side's own schema, in a real PostgreSQL. */
class JdbcDataKeyStoreTest {

    private static CommandDatabase database;
    private static JdbcDataKeyStore store;

    @BeforeAll
    static void commandSchema() throws Exception {
        database = new CommandDatabase("data-keys");
        store = new JdbcDataKeyStore(database.jdbc);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void aNewVersion_isStoredAndAnswered() {
        StoredDataKey stored = store.insertIfAbsent("owner-new", 1, new byte[] {1, 2, 3});

        assertThat(stored.keyName()).isEqualTo("owner-new");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.wrappedKey()).containsExactly(1, 2, 3);
        assertThat(store.latest("owner-new").orElseThrow().wrappedKey()).containsExactly(1, 2, 3);
    }

    @Test
    void aVersionStoredBefore_isKept_andTheStoredKeyIsAnswered() {
        store.insertIfAbsent("owner-raced", 1, new byte[] {1});

        StoredDataKey second = store.insertIfAbsent("owner-raced", 1, new byte[] {2});

        assertThat(second.wrappedKey()).as("the key the first writer stored").containsExactly(1);
        assertThat(store.version("owner-raced", 1).orElseThrow().wrappedKey()).containsExactly(1);
    }

    @Test
    void aDestroyedKey_staysDestroyed_whenItsVersionIsInsertedAgain() {
        store.insertIfAbsent("owner-shredded", 1, new byte[] {1});
        store.destroy("owner-shredded");

        StoredDataKey again = store.insertIfAbsent("owner-shredded", 1, new byte[] {9});

        assertThat(again.destroyed()).isTrue();
        assertThat(store.isDestroyed("owner-shredded")).isTrue();
    }
}
