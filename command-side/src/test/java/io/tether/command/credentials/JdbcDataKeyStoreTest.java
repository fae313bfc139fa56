package io.tether.command.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.command.credentials.DataKeyStore.StoredDataKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The local keyring's data keys on the command side's own schema, in a real PostgreSQL. */
class JdbcDataKeyStoreTest {

    private static EmbeddedPostgres postgres;
    private static JdbcDataKeyStore store;

    @BeforeAll
    static void commandSchema() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("data-keys")).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration/command")
                .load().migrate();
        store = new JdbcDataKeyStore(JdbcClient.create(postgres.getPostgresDatabase()));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
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
