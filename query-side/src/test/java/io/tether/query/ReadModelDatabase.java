package io.tether.query;

import io.tether.eventing.BatchedWrites;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real PostgreSQL with the query side's tables beside the event store's, as Flyway builds them in the
 * application, for the projections' fast tests: one database per test class (a static
 * {@code @RegisterExtension} field; it is up before the class's {@code @BeforeAll}), no Spring context.
 */
public final class ReadModelDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory(context.getRequiredTestClass().getSimpleName())).start();
        Flyway eventStore = Flyway.configure().dataSource(postgres.getPostgresDatabase()).table("flyway_history_eventstore")
                .locations("classpath:db/migration/eventstore").load();
        eventStore.migrate();
        new QuerySideModule().querySideSchema().migrateBeside(eventStore.getConfiguration());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }

    /**
     * The application's batched writes on this database; their constructor is the eventing module's own (Spring
     * calls it), so the tests reach it by reflection.
     */
    public BatchedWrites batchedWrites() throws ReflectiveOperationException {
        Constructor<BatchedWrites> constructor = BatchedWrites.class.getDeclaredConstructor(NamedParameterJdbcTemplate.class);
        constructor.setAccessible(true);
        return constructor.newInstance(new NamedParameterJdbcTemplate(dataSource()));
    }
}
