package io.tether.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.tether.infrastructure.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs a real PostgreSQL inside the process when no {@code spring.datasource.url} is configured, so
 * that Tether starts with one command on a machine that has only a JDK. Its cluster lives in the
 * data directory and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectory dataDirectory, EmbeddedPostgresProperties properties)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("postgres"))
                .setCleanDataDirectory(false)
                // zonky starts PostgreSQL for throwaway test databases: fsync and synchronous_commit off.
                // Tether's data directory is no throwaway: an acknowledged change must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL running on port {} with its data in {}",
                postgres.getPort(), dataDirectory.resolve("postgres"));
        return postgres;
    }

    /** zonky's own DataSource opens a connection per use; Hikari pools connections to its URL instead. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .driverClassName("org.postgresql.Driver")
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .password("")
                .build();
    }
}
