package io.tether.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A PostgreSQL of a test's own with the command side's tables (their Flyway migrations), a client on it and
 * transactions of it (one data source for both, so that the client's statements run in those transactions).
 */
public final class CommandDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    public final JdbcClient jdbc;
    public final TransactionTemplate transactions;

    public CommandDatabase(String directoryPrefix) throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(directoryPrefix)).start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/command").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
