package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.query.ReadModelDatabase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The organization-level look-ups of the audit endpoints, on PostgreSQL: an organization's streams are those the
 * audit log files under it or whose chain head records it (its first event's organization), and its security events
 * those that name it or one of its aggregates.
 */
class EventStoreReaderTest {

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static JdbcClient jdbc;
    private static EventStoreReader reader;

    @BeforeAll
    static void tablesBesideTheEventStore() {
        jdbc = database.jdbc();
        reader = new EventStoreReader(jdbc);
    }

    @Test
    void anOrganizationsAggregates_areThoseItsAuditLogOrItsChainHeadsName_eachOnce() {
        UUID organization = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String both = "a-" + UUID.randomUUID();
        String auditLogOnly = "b-" + UUID.randomUUID();
        String chainHeadOnly = "c-" + UUID.randomUUID();
        String others = "d-" + UUID.randomUUID();
        String nobodys = "e-" + UUID.randomUUID();
        filedInTheAuditLog(both, organization);
        filedInTheAuditLog(auditLogOnly, organization);
        filedInTheAuditLog(others, other);
        chainHead(both, organization);
        chainHead(auditLogOnly, null);
        chainHead(chainHeadOnly, organization);
        chainHead(others, other);
        chainHead(nobodys, null);

        assertThat(reader.aggregatesOf(organization)).containsExactly(both, auditLogOnly, chainHeadOnly);
        assertThat(reader.aggregatesOf(other)).containsExactly(others);
    }

    @Test
    void anOrganizationsSecurityEvents_nameItOrOneOfItsAggregates_newestFirst_eachOnce() {
        UUID organization = UUID.randomUUID();
        String aggregate = UUID.randomUUID().toString();
        String othersAggregate = UUID.randomUUID().toString();
        filedInTheAuditLog(aggregate, organization);
        filedInTheAuditLog(othersAggregate, UUID.randomUUID());
        long namingTheOrganization = securityEvent(organization, null);
        long namingItsAggregate = securityEvent(null, aggregate);
        securityEvent(UUID.randomUUID(), othersAggregate);
        securityEvent(null, UUID.randomUUID().toString());
        long namingBoth = securityEvent(organization, aggregate);

        assertThat(reader.securityEventsOf(organization, 10)).extracting(AuditController.SecurityEventView::id)
                .containsExactly(namingBoth, namingItsAggregate, namingTheOrganization);
        assertThat(reader.securityEventsOf(organization, 2)).extracting(AuditController.SecurityEventView::id)
                .containsExactly(namingBoth, namingItsAggregate);
    }

    private static void filedInTheAuditLog(String aggregate, UUID organization) {
        jdbc.sql("INSERT INTO audit_aggregates (aggregate_id, organization_id) VALUES (?, ?)").params(aggregate, organization)
                .update();
    }

    private static void chainHead(String aggregate, UUID organization) {
        jdbc.sql("INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash, organization_id)"
                        + " VALUES (?, 0, repeat('0', 64), CAST(? AS uuid))")
                .params(aggregate, organization == null ? null : organization.toString())
                .update();
    }

    private static long securityEvent(UUID organization, String aggregate) {
        return jdbc.sql("INSERT INTO security_events (kind, organization_id, aggregate_id) VALUES ('forged_state',"
                        + " CAST(:organization AS uuid), :aggregate) RETURNING id")
                .param("organization", organization == null ? null : organization.toString())
                .param("aggregate", aggregate)
                .query(Long.class).single();
    }
}
