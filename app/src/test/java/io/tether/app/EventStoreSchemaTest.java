package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event store's tables as Flyway made them and as Axon uses them. */
class EventStoreSchemaTest extends EndToEndTest {

    @Test
    void serializedColumns_areBytea_neverLargeObjects() {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'public'
                  AND column_name IN ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics')""");

        assertThat(columns).hasSizeGreaterThanOrEqualTo(9)
                .allSatisfy(column -> assertThat(column.get("data_type")).as(column.toString()).isEqualTo("bytea"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_largeobject_metadata", Long.class)).isZero();
    }

    @Test
    void everyAppendedEvent_takesTheNextGlobalIndex_oneAtATime() {
        Api api = newOrganization();
        for (int i = 0; i < 3; i++) {
            api.post("/integrations/accounts", adsAccount("Sequenced " + i));
        }

        assertThat(jdbc.queryForObject(
                "SELECT increment_by FROM pg_sequences WHERE sequencename = 'domain_event_entry_seq'", Long.class))
                .isEqualTo(1);
        // Each append draws its index from the sequence (the column default) instead of a block of 50 in memory.
        assertThat(jdbc.queryForObject("SELECT last_value FROM domain_event_entry_seq", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class));
    }

    @Test
    void theEmbeddedPostgres_isDurable() {
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
    }

    @Test
    void flyway_ownsEveryTable_eachModuleWithItsOwnHistory() {
        assertThat(jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'flyway_history_%'",
                String.class)).containsExactlyInAnyOrder("flyway_history_eventstore", "flyway_history_command", "flyway_history_query",
                "flyway_history_web");
        assertThat(jdbc.queryForList("SELECT script FROM flyway_history_query WHERE success", String.class))
                .contains("V1__integration_accounts.sql");
    }
}
