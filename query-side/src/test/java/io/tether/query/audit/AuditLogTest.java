package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.query.ReadModelDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log's pages and streams on PostgreSQL, with another organization's entries between the organization's:
 * only the organization's, in log order, a page after the cursor continuing where the one before ended, each filter
 * applied.
 */
class AuditLogTest {

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private static JdbcClient jdbc;
    private static AuditLog log;
    private static long nextIndex = 1;

    @BeforeAll
    static void auditTablesBesideTheEventStore() {
        jdbc = database.jdbc();
        log = new AuditLog(jdbc, database.dataSource(), new DataSourceTransactionManager(database.dataSource()));
    }

    @Test
    void pages_holdTheOrganizationsEntriesInLogOrder_eachAfterTheCursorOfTheOneBefore() {
        UUID organization = UUID.randomUUID();
        List<Long> entries = interleavedWithAnotherOrganizations(organization, 7);

        List<AuditLogEntry> first = log.page(filter(organization, null), 3);
        List<AuditLogEntry> second = log.page(filter(organization, first.get(2).globalIndex()), 3);
        List<AuditLogEntry> last = log.page(filter(organization, second.get(2).globalIndex()), 3);

        assertThat(first).extracting(AuditLogEntry::globalIndex).containsExactlyElementsOf(entries.subList(0, 3));
        assertThat(second).extracting(AuditLogEntry::globalIndex).containsExactlyElementsOf(entries.subList(3, 6));
        assertThat(last).extracting(AuditLogEntry::globalIndex).containsExactlyElementsOf(entries.subList(6, 7));
        assertThat(first).extracting(AuditLogEntry::organizationId).containsOnly(organization);
    }

    @Test
    void aStream_holdsEveryEntryOfTheOrganizationInLogOrder() {
        UUID organization = UUID.randomUUID();
        List<Long> entries = interleavedWithAnotherOrganizations(organization, 5);
        List<Long> streamed = new ArrayList<>();

        log.stream(filter(organization, null), entry -> streamed.add(entry.globalIndex()));

        assertThat(streamed).containsExactlyElementsOf(entries);
    }

    @Test
    void theFilters_narrowThePageToTheirEntries() {
        UUID organization = UUID.randomUUID();
        List<Long> entries = interleavedWithAnotherOrganizations(organization, 6);

        assertThat(log.page(new AuditLogFilter(organization, null, null, null, "AccountConnectedEvent", null, null), 10))
                .extracting(AuditLogEntry::globalIndex).containsExactly(entries.get(1), entries.get(3), entries.get(5));
        assertThat(log.page(new AuditLogFilter(organization, null, null, "auditor-2", null, null, null), 10))
                .extracting(AuditLogEntry::globalIndex).containsExactly(entries.get(2));
        assertThat(log.page(new AuditLogFilter(organization, null, null, null, null, "aggregate-4", null), 10))
                .extracting(AuditLogEntry::globalIndex).containsExactly(entries.get(4));
        Instant second = occurredAt(entries.get(1));
        Instant fifth = occurredAt(entries.get(4));
        assertThat(log.page(new AuditLogFilter(organization, second, fifth, null, null, null, null), 10))
                .extracting(AuditLogEntry::globalIndex).containsExactlyElementsOf(entries.subList(1, 4));
    }

    private static AuditLogFilter filter(UUID organization, Long after) {
        return new AuditLogFilter(organization, null, null, null, null, null, after);
    }

    /** The organization's entries (their global indexes), each after one of another organization's. */
    private static List<Long> interleavedWithAnotherOrganizations(UUID organization, int count) {
        UUID other = UUID.randomUUID();
        List<Long> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entry(other, i);
            entries.add(entry(organization, i));
        }
        return entries;
    }

    private static synchronized long entry(UUID organization, int i) {
        long index = nextIndex++;
        jdbc.sql("""
                        INSERT INTO audit_log (global_index, organization_id, aggregate_id, aggregate_type, sequence_number,
                            event_type, occurred_at, actor)
                        VALUES (?, ?, ?, 'IntegrationAccount', 0, ?, ?, ?)""")
                .params(index, organization, "aggregate-" + i, i % 2 == 0 ? "AccountCreatedEvent" : "AccountConnectedEvent",
                        Timestamp.from(START.plusSeconds(index)), "auditor-" + i)
                .update();
        return index;
    }

    private static Instant occurredAt(long index) {
        return START.plusSeconds(index);
    }
}
