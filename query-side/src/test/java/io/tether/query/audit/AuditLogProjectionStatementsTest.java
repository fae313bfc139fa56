package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.AuditMetadata;
import io.tether.query.ReadModelDatabase;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log's one statement per event, on PostgreSQL: an event that names its organization records
 * the aggregate's owner with its entry; a later event of the aggregate that names none is filed under
 * that owner; a redelivery writes nothing twice.
 */
class AuditLogProjectionStatementsTest {

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static JdbcClient jdbc;
    private static AuditLogProjection projection;

    @BeforeAll
    static void auditTablesBesideTheEventStore() {
        jdbc = database.jdbc();
        projection = new AuditLogProjection(jdbc);
    }

    @Test
    void theOwnerNamedByTheFirstEvent_filesTheLaterOnesThatNameNone() {
        String account = UUID.randomUUID().toString();
        UUID organization = UUID.randomUUID();
        DomainEventMessage<String> naming = stored(account, 0, MetaData.with(AuditMetadata.ORGANIZATION_ID, organization.toString()));
        DomainEventMessage<String> silent = stored(account, 1, MetaData.emptyInstance());

        projection.on(naming.getPayload(), naming);
        projection.on(silent.getPayload(), silent);
        projection.on(silent.getPayload(), silent);

        assertThat(jdbc.sql("SELECT organization_id FROM audit_aggregates WHERE aggregate_id = ?").param(account)
                .query(UUID.class).list()).containsExactly(organization);
        assertThat(jdbc.sql("SELECT sequence_number, organization_id FROM audit_log WHERE aggregate_id = ? ORDER BY sequence_number")
                .param(account).query().listOfRows())
                .containsExactly(Map.of("sequence_number", 0L, "organization_id", organization),
                        Map.of("sequence_number", 1L, "organization_id", organization));
    }

    @Test
    void anAggregateNoEventNamedAnOwnerFor_isLoggedWithoutOne() {
        String account = UUID.randomUUID().toString();
        DomainEventMessage<String> silent = stored(account, 0, MetaData.emptyInstance());

        projection.on(silent.getPayload(), silent);

        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE aggregate_id = ? AND organization_id IS NULL")
                .param(account).query(Long.class).single()).isEqualTo(1L);
    }

    /** An event as the event store holds it (the audit entry is read from its row). */
    private static DomainEventMessage<String> stored(String aggregate, long sequence, MetaData metaData) {
        DomainEventMessage<String> event = new GenericDomainEventMessage<>("IntegrationAccount", aggregate, sequence,
                "event " + sequence, metaData);
        jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload)
                        VALUES (?, ?, ?, 'IntegrationAccount', ?, 'java.lang.String', ?)""")
                .params(event.getIdentifier(), aggregate, sequence, event.getTimestamp().toString(), new byte[] {1})
                .update();
        return event;
    }
}
