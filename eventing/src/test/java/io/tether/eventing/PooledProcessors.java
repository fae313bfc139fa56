package io.tether.eventing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;

/**
 * Nodes' copies of one pooled processor ("accounts", one segment, a handler of strings) sharing a token store on a
 * PostgreSQL of their own, with Tether's token schema: for the tests of who holds a segment.
 */
final class PooledProcessors implements AutoCloseable {

    static final JacksonSerializer SERIALIZER = JacksonSerializer.defaultSerializer();

    private final List<PooledStreamingEventProcessor> started = new ArrayList<>();
    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private final EmbeddedPostgres postgres;
    final DataSource dataSource;

    static class Handler {
        @EventHandler
        void on(String event) {
        }
    }

    PooledProcessors(String directoryPrefix) throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory(directoryPrefix)).start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
    }

    /** A node's copy, built and started; {@code node} null is Axon's default owner name, this JVM's {@code pid@host}. */
    PooledStreamingEventProcessor start(EmbeddedEventStore events, String node, Duration claimTimeout) {
        PooledStreamingEventProcessor processor = build(events, node, claimTimeout);
        processor.start();
        started.add(processor);
        return processor;
    }

    /** A node's copy whose coordinator has not started. */
    PooledStreamingEventProcessor build(EmbeddedEventStore events, String node, Duration claimTimeout) {
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
        executors.add(coordinator);
        executors.add(workers);
        JdbcTokenStore.Builder tokens = JdbcTokenStore.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .serializer(SERIALIZER)
                .schema(new ProcessorConfiguration().tokenSchema())
                .claimTimeout(claimTimeout);
        if (node != null) {
            tokens.nodeId(node);
        }
        return PooledStreamingEventProcessor.builder()
                .name("accounts")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Handler()).build())
                .messageSource(events)
                .tokenStore(tokens.build())
                .transactionManager(NoTransactionManager.instance())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(1)
                .tokenClaimInterval(200)
                .claimExtensionThreshold(claimTimeout.toMillis() / 3)
                .build();
    }

    /** Stops a started copy, which releases its claim as a node stopping for a restart does. */
    void shutDown(PooledStreamingEventProcessor processor) {
        processor.shutDown();
        started.remove(processor);
    }

    @Override
    public void close() throws IOException {
        started.forEach(PooledStreamingEventProcessor::shutDown);
        executors.forEach(ScheduledExecutorService::shutdownNow);
        postgres.close();
    }
}
