package io.tether.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs a real PostgreSQL inside the process when no {@code spring.datasource.url} is configured, so
 * that Tether starts with one command on a machine that has only a JDK. Its cluster lives in the
 * data directory and survives restarts. {@link EmbeddedPostgresEarlyStart} has started it while the
 * context was being read; here it is waited for.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    /** Stopped by its start-up, which outlives every bean that uses it. */
    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(
            @Qualifier(EmbeddedPostgresEarlyStart.BEAN_NAME) EmbeddedPostgresEarlyStart.Startup startup) {
        return startup.server();
    }

    /**
     * zonky's own DataSource opens a connection per use; Hikari pools connections to its URL instead, as the
     * role that owns the database and is no superuser (see {@link EmbeddedPostgresAccess}).
     */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres,
                                @Qualifier(EmbeddedPostgresEarlyStart.BEAN_NAME) EmbeddedPostgresEarlyStart.Startup startup) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .driverClassName("org.postgresql.Driver")
                .url(postgres.getJdbcUrl(EmbeddedPostgresAccess.ROLE, EmbeddedPostgresAccess.DATABASE))
                .username(EmbeddedPostgresAccess.ROLE)
                .password(startup.access().password())
                .build();
    }
}
