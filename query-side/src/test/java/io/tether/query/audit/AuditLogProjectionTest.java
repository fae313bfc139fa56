package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.tether.api.AuditMetadata;
import io.tether.api.account.AccountCreatedEvent;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.account.Region;
import io.tether.query.ReadModelDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log writes each event's entry from the event's own row in the event store, on PostgreSQL: an event that
 * names its organization records the aggregate's owner with its entry, a later event of the aggregate that names none
 * is filed under that owner, a redelivery writes nothing twice. A batch's entries are written together as it commits;
 * an event the store no longer holds must not leave a silent hole in the log: it fails, first its batch, then on its
 * own, which the processor's dead-letter queue takes.
 */
class AuditLogProjectionTest {

    @RegisterExtension
    static final ReadModelDatabase database = new ReadModelDatabase();

    private static JdbcClient jdbc;
    private static AuditLogProjection projection;

    @BeforeAll
    static void auditTablesBesideTheEventStore() throws ReflectiveOperationException {
        jdbc = database.jdbc();
        projection = new AuditLogProjection(jdbc, database.batchedWrites());
    }

    @Test
    void theOwnerNamedByTheFirstEvent_filesTheLaterOnesThatNameNone() {
        String account = UUID.randomUUID().toString();
        UUID organization = UUID.randomUUID();
        DomainEventMessage<String> naming = stored(account, 0, MetaData.with(AuditMetadata.ORGANIZATION_ID, organization.toString()));
        DomainEventMessage<String> silent = stored(account, 1, MetaData.emptyInstance());

        projection.on(naming, null);
        projection.on(silent, null);
        projection.on(silent, null);

        assertThat(jdbc.sql("SELECT organization_id FROM audit_aggregates WHERE aggregate_id = ?").param(account)
                .query(UUID.class).list()).containsExactly(organization);
        assertThat(organizationsBySequence(account)).containsExactly(
                Map.of("sequence_number", 0L, "organization_id", organization),
                Map.of("sequence_number", 1L, "organization_id", organization));
    }

    @Test
    void anAggregateNoEventNamedAnOwnerFor_isLoggedWithoutOne() {
        String account = UUID.randomUUID().toString();
        DomainEventMessage<String> silent = stored(account, 0, MetaData.emptyInstance());

        projection.on(silent, null);

        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE aggregate_id = ? AND organization_id IS NULL")
                .param(account).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void anEventWhosePayloadNamesTheOrganization_isFiledUnderIt_andOneOfAnotherType_withoutReadingItsPayload() {
        UUID account = UUID.randomUUID();
        UUID organization = UUID.randomUUID();
        DomainEventMessage<AccountCreatedEvent> created = stored(account.toString(), 0, new AccountCreatedEvent(account,
                organization, Marketplace.AMAZON, IntegrationType.ADS_API, "Ads", Region.EU), MetaData.emptyInstance());
        DomainEventMessage<String> unreadable = new GenericDomainEventMessage<>("IntegrationAccount",
                account.toString(), 1, "event 1", MetaData.emptyInstance()) {
            @Override
            public String getPayload() {
                throw new AssertionError("the payload of an event that cannot name an organization was read");
            }
        };
        stored(unreadable);

        projection.on(created, null);
        projection.on(unreadable, null);

        assertThat(organizationsBySequence(account.toString())).containsExactly(
                Map.of("sequence_number", 0L, "organization_id", organization),
                Map.of("sequence_number", 1L, "organization_id", organization));
    }

    @Test
    void aBatchsEntries_areWrittenAsItCommits_eachAggregatesInOrder() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        UUID organization = UUID.randomUUID();
        MetaData naming = MetaData.with(AuditMetadata.ORGANIZATION_ID, organization.toString());
        List<DomainEventMessage<String>> events = List.of(stored(first, 0, naming), stored(first, 1, MetaData.emptyInstance()),
                stored(second, 0, naming), stored(second, 1, MetaData.emptyInstance()), stored(first, 2, MetaData.emptyInstance()));

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        events.forEach(event -> projection.on(event, null));
        long beforeTheCommit = entriesOf(first) + entriesOf(second);
        batch.commit();

        assertThat(beforeTheCommit).isZero();
        assertThat(organizationsBySequence(first)).extracting(row -> row.get("organization_id"))
                .containsExactly(organization, organization, organization);
        assertThat(organizationsBySequence(second)).extracting(row -> row.get("organization_id"))
                .containsExactly(organization, organization);
    }

    @Test
    void anEventTheLogHasAlready_isSkipped() {
        DomainEventMessage<String> event = stored(UUID.randomUUID().toString(), 0, MetaData.emptyInstance());
        projection.on(event, null);

        assertThatCode(() -> projection.on(event, null)).doesNotThrowAnyException();
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(event, null);
        assertThatCode(batch::commit).as("delivered again in a batch").doesNotThrowAnyException();
        assertThat(entriesOf(event.getAggregateIdentifier())).isEqualTo(1L);
    }

    @Test
    void anEventMissingFromTheEventStore_fails_soThatItIsDeadLetteredRatherThanLeftOutOfTheLog() {
        DomainEventMessage<String> missing = event(UUID.randomUUID().toString(), 3, "event 3", MetaData.emptyInstance());

        assertThatThrownBy(() -> projection.on(missing, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.getIdentifier())
                .hasMessageContaining("not in domain_event_entry");
    }

    @Test
    void anEventMissingFromTheEventStore_failsItsBatch_thenFailsAloneWhenTheBatchComesAgain() {
        DomainEventMessage<String> present = stored(UUID.randomUUID().toString(), 0, MetaData.emptyInstance());
        DomainEventMessage<String> missing = event(UUID.randomUUID().toString(), 3, "event 3", MetaData.emptyInstance());

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(present, null);
        assertThatCode(() -> projection.on(missing, null)).as("found as the batch is written").doesNotThrowAnyException();
        assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.getIdentifier());

        DefaultUnitOfWork<?> again = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        projection.on(present, null);
        assertThatThrownBy(() -> projection.on(missing, null)).as("the handler's own failure, which is dead-lettered")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in domain_event_entry");
        assertThatCode(again::commit).as("the rest of the batch").doesNotThrowAnyException();
        assertThat(entriesOf(present.getAggregateIdentifier())).isEqualTo(1L);
    }

    @Test
    void aDeadLetterProcessedAgain_isWrittenAlone() {
        DomainEventMessage<String> missing = event(UUID.randomUUID().toString(), 3, "event 3", MetaData.emptyInstance());
        DomainEventMessage<String> restored = stored(UUID.randomUUID().toString(), 0, MetaData.emptyInstance());

        DefaultUnitOfWork<?> processing = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("letter"));
        try {
            assertThatThrownBy(() -> projection.on(missing, mock(DeadLetter.class)))
                    .hasMessageContaining("not in domain_event_entry");
            projection.on(restored, mock(DeadLetter.class));
            assertThat(entriesOf(restored.getAggregateIdentifier())).as("written before the commit").isEqualTo(1L);
        } finally {
            processing.rollback();
        }
    }

    private static List<Map<String, Object>> organizationsBySequence(String aggregate) {
        return jdbc.sql("SELECT sequence_number, organization_id FROM audit_log WHERE aggregate_id = ? ORDER BY sequence_number")
                .param(aggregate).query().listOfRows();
    }

    private static long entriesOf(String aggregate) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE aggregate_id = ?").param(aggregate).query(Long.class).single();
    }

    private static DomainEventMessage<String> stored(String aggregate, long sequence, MetaData metaData) {
        return stored(event(aggregate, sequence, "event " + sequence, metaData));
    }

    private static <T> DomainEventMessage<T> stored(String aggregate, long sequence, T payload, MetaData metaData) {
        return stored(event(aggregate, sequence, payload, metaData));
    }

    private static <T> DomainEventMessage<T> event(String aggregate, long sequence, T payload, MetaData metaData) {
        return new GenericDomainEventMessage<>("IntegrationAccount", aggregate, sequence, payload, metaData);
    }

    /** The event as the event store holds it (the audit entry is read from its row). */
    private static <T> DomainEventMessage<T> stored(DomainEventMessage<T> event) {
        jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload)
                        VALUES (?, ?, ?, 'IntegrationAccount', ?, ?, ?)""")
                .params(event.getIdentifier(), event.getAggregateIdentifier(), event.getSequenceNumber(),
                        event.getTimestamp().toString(), event.getPayloadType().getName(), new byte[] {1})
                .update();
        return event;
    }
}
