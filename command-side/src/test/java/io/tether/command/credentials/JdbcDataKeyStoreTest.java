package io.tether.command.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.command.CommandDatabase;
import io.tether.command.credentials.DataKeyStore.StoredDataKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Test
    void latestOrFirst_ofAnOwnerWithoutAKey_storesTheFirstVersion_andAnswersIt() {
        StoredDataKey first = store.latestOrFirst("owner-first", new byte[] {4, 5});

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.wrappedKey()).containsExactly(4, 5);
        assertThat(store.version("owner-first", 1).orElseThrow().wrappedKey()).containsExactly(4, 5);
    }

    @Test
    void latestOrFirst_ofAnOwnerWithKeys_answersTheNewest_andStoresNothing() {
        store.insertIfAbsent("owner-rotated", 1, new byte[] {1});
        store.insertIfAbsent("owner-rotated", 2, new byte[] {2});

        StoredDataKey newest = store.latestOrFirst("owner-rotated", new byte[] {9});

        assertThat(newest.version()).isEqualTo(2);
        assertThat(newest.wrappedKey()).containsExactly(2);
        assertThat(store.version("owner-rotated", 1).orElseThrow().wrappedKey()).containsExactly(1);
    }

    @Test
    void latestOrFirst_ofAnOwnerShreddedBeforeItsFirstSeal_answersTheTombstone_andMakesNoKey() {
        store.destroy("owner-shredded-early");

        StoredDataKey answered = store.latestOrFirst("owner-shredded-early", new byte[] {9});

        assertThat(answered.destroyed()).isTrue();
        assertThat(store.version("owner-shredded-early", 1)).as("no first version stored after the shredding").isEmpty();
    }

    @Test
    void latestOrFirst_whileAnotherTransactionStoresTheFirstVersion_waitsForIt_andAnswersTheStoredKey() throws Exception {
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<StoredDataKey> first = CompletableFuture.supplyAsync(() -> database.transactions.execute(status -> {
            StoredDataKey key = store.latestOrFirst("owner-concurrent", new byte[] {1});
            stored.countDown();
            awaitCommit(commit);
            return key;
        }));
        assertThat(stored.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<StoredDataKey> second = CompletableFuture.supplyAsync(() -> database.transactions.execute(
                status -> store.latestOrFirst("owner-concurrent", new byte[] {2})));
        awaitALockWait();
        assertThat(second).as("the second insert waits for the first transaction").isNotDone();
        commit.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).wrappedKey()).containsExactly(1);
        assertThat(second.get(10, TimeUnit.SECONDS).wrappedKey()).as("the key the first transaction stored").containsExactly(1);
        assertThat(store.latest("owner-concurrent").orElseThrow().version()).isEqualTo(1);
    }

    /** Until a session of the database waits on a lock: the second insert, behind the first's uncommitted row. */
    private static void awaitALockWait() {
        await().atMost(Duration.ofSeconds(10)).until(() -> database.jdbc
                .sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").query(Long.class).single() > 0);
    }

    private static void awaitCommit(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
