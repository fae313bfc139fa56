package io.tether.eventing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A PostgreSQL of a test's own with the event store's tables (their Flyway migrations), Axon's JDBC storage engine
 * on it as Tether configures its columns, and units of work in its transactions: for the tests that append and load.
 */
final class EventStoreDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    final DataSource dataSource;
    final JdbcClient jdbc;
    final SpringTransactionManager transactions;

    EventStoreDatabase(String directoryPrefix) throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(directoryPrefix)).start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    /** Axon's storage engine with Tether's event schema and byte columns, Jackson, its connections from this database. */
    JdbcEventStorageEngine.Builder engine() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.instance())
                .schema(EventStoreConfiguration.tetherEventSchema())
                .dataType(byte[].class);
    }

    /** The work in a unit of work with a transaction of this database: its result, or what it threw. */
    <R> ResultMessage<R> attempt(Callable<R> work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        return unitOfWork.executeWithResult(work);
    }

    /** The work's result, in a unit of work with a transaction of this database; what it threw is thrown. */
    <R> R inUnitOfWork(Callable<R> work) {
        ResultMessage<R> result = attempt(work);
        if (result.isExceptional()) {
            Throwable thrown = result.exceptionResult();
            throw thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
        }
        return result.getPayload();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
