package io.tether.infrastructure.persistence;

/**
 * A module's own tables, migrated by Flyway from {@code location} with their own history table, so
 * that the command side and the query side can each migrate what they own in one shared database.
 */
public record SchemaModule(String name, String location) {

    public String historyTable() {
        return "flyway_history_" + name.replace('-', '_');
    }
}
