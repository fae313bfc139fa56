package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where Tether opens transactions and where it does not: a read that is one SELECT needs no BEGIN
 * and COMMIT around it (docs/benchmarks.md, sixth session), while whatever writes joins the
 * transaction of the command that writes it.
 */
class TransactionBoundariesTest extends EndToEndTest {

    @Autowired
    QueryBus queryBus;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    DataSource dataSource;

    @Test
    void queryHandlers_runOutsideAnyTransaction() throws Exception {
        AtomicBoolean inTransaction = new AtomicBoolean(true);
        var subscription = queryBus.subscribe("transaction-probe", Boolean.class, query -> {
            inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
            return true;
        });
        try {
            queryBus.query(new GenericQueryMessage<>("probe", "transaction-probe", ResponseTypes.instanceOf(Boolean.class)))
                    .get();
        } finally {
            subscription.cancel();
        }

        assertThat(inTransaction).as("a query handler in a transaction").isFalse();
    }

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
