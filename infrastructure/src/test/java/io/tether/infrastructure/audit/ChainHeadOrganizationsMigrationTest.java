package io.tether.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A store whose streams were appended before chain heads recorded their organization gets it from each stream's first
 * event when the migration runs, as the organization's verification read it from there before.
 */
class ChainHeadOrganizationsMigrationTest {

    @Test
    void theMigration_recordsBesideEachChainHeadTheOrganizationItsStreamsFirstEventNames() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("chain-head-organizations")).start()) {
            DataSource database = postgres.getPostgresDatabase();
            eventStoreMigrations(database).target("4").load().migrate();
            JdbcClient jdbc = JdbcClient.create(database);
            UUID organization = UUID.randomUUID();
            UUID laterNamed = UUID.randomUUID();
            stream(jdbc, "named", "{\"actor\":\"alice\",\"organization_id\":\"" + organization + "\"}",
                    "{\"organization_id\":\"" + laterNamed + "\"}");
            stream(jdbc, "unnamed", "{\"actor\":\"tether\"}", "{\"organization_id\":\"" + laterNamed + "\"}");
            stream(jdbc, "notAnOrganization", "{\"organization_id\":\"acme\"}");
            stream(jdbc, "withoutMetadata", (String) null);
            head(jdbc, "withoutEvents", 4);

            eventStoreMigrations(database).load().migrate();

            Map<String, UUID> recorded = new HashMap<>();
            jdbc.sql("SELECT aggregate_identifier, organization_id FROM event_chain_heads")
                    .query((RowCallbackHandler) row -> recorded.put(row.getString(1), row.getObject(2, UUID.class)));
            Map<String, UUID> expected = new HashMap<>();
            expected.put("named", organization);
            expected.put("unnamed", null);
            expected.put("notAnOrganization", null);
            expected.put("withoutMetadata", null);
            expected.put("withoutEvents", null);
            assertThat(recorded).isEqualTo(expected);
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration eventStoreMigrations(DataSource database) {
        return Flyway.configure().dataSource(database).table("flyway_history_eventstore")
                .locations("classpath:db/migration/eventstore");
    }

    /** A stream whose events carry these metadata, in order, and its chain head. */
    private static void stream(JdbcClient jdbc, String aggregate, String... metadata) {
        for (int sequence = 0; sequence < metadata.length; sequence++) {
            jdbc.sql("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, time_stamp,"
                            + " payload_type, payload, meta_data) VALUES (?, ?, ?, '2026-12-03T11:00:00Z', 'Noted',"
                            + " convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'))")
                    .params(UUID.randomUUID().toString(), aggregate, sequence, metadata[sequence])
                    .update();
        }
        head(jdbc, aggregate, metadata.length - 1);
    }

    private static void head(JdbcClient jdbc, String aggregate, long sequence) {
        jdbc.sql("INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash) VALUES (?, ?, repeat('0', 64))")
                .params(aggregate, sequence)
                .update();
    }
}
