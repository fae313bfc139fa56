package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where the event store opens transactions and where it does not: a read of the store needs no BEGIN and
 * COMMIT of its own (docs/benchmarks.md, sixth session), while whatever writes joins the transaction of the
 * command that writes it. Queries run in Axon's own transaction, as its auto-configuration builds the query
 * bus: without one they were not measurably faster on any target row (docs/benchmarks.md, eleventh session).
 */
class TransactionBoundariesTest extends EndToEndTest {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    DataSource dataSource;

    @Test
    void theEventStore_opensNoTransactionOfItsOwn_butJoinsACommandsTransaction() {
        TransactionManager storeTransactions =
                (TransactionManager) ReflectionTestUtils.getField(storageEngine, "transactionManager");

        newOrganization().post("/integrations/accounts", adsAccount("Stored"));
        boolean alone = storeTransactions.fetchInTransaction(TransactionSynchronizationManager::isActualTransactionActive);
        assertThat(storageEngine.readEvents(storageEngine.createTailToken(), false).limit(1).count()).isOne();
        assertThat(TransactionSynchronizationManager.getResourceMap())
                .as("a connection left bound to the thread after reading the store").isEmpty();
        assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
        boolean[] joined = new boolean[2];
        axonTransactions.executeInTransaction(() -> {
            Object connection = TransactionSynchronizationManager.getResource(dataSource);
            storeTransactions.executeInTransaction(() -> {
                joined[0] = TransactionSynchronizationManager.isActualTransactionActive();
                joined[1] = connection != null && TransactionSynchronizationManager.getResource(dataSource) == connection;
            });
        });

        assertThat(alone).as("a read of the store alone in a transaction").isFalse();
        assertThat(joined).as("in the command's transaction, on its connection").containsExactly(true, true);
    }
}
