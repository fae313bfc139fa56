package io.tether.infrastructure.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * A module's own tables, migrated by Flyway from {@code location} with their own history table, so
 * that the command side and the query side can each migrate what they own in one shared database.
 */
public record SchemaModule(String name, String location) {

    public String historyTable() {
        return "flyway_history_" + name.replace('-', '_');
    }

    /** Migrates this module's tables into the database the event store's migration ({@code eventStore}) uses. */
    public void migrateBeside(Configuration eventStore) {
        Flyway.configure()
                .configuration(eventStore)
                .table(historyTable())
                .locations(location)
                // The schema already holds the event store, so a module's first run starts from a baseline.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
