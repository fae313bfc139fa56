package io.tether.infrastructure.persistence;

import java.util.List;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrates the event store's tables first (Spring Boot's own Flyway), then the tables of each
 * {@link SchemaModule} present in this process, all before anything else uses the database.
 */
@Configuration(proxyBeanMethods = false)
class FlywayConfiguration {

    @Bean
    FlywayMigrationStrategy migrateEventStoreThenModules(List<SchemaModule> modules) {
        return eventStore -> {
            eventStore.migrate();
            for (SchemaModule module : modules) {
                module.migrateBeside(eventStore.getConfiguration());
            }
        };
    }
}
