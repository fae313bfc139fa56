package io.tether.query.audit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tether.api.AuditMetadata;
import io.tether.api.account.AccountDeletedEvent;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.MappedQuerySpec;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * The audit log writes each event's entry from the event's own row in the event store. When that
 * insert writes nothing, the projection tells a redelivery (the entry is there already) from an
 * event the store no longer holds, which must not leave a silent hole in the log.
 */
class AuditLogProjectionTest {

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final StatementSpec otherStatements = mock(StatementSpec.class, RETURNS_SELF);
    private final StatementSpec auditInsert = mock(StatementSpec.class, RETURNS_SELF);
    private final StatementSpec storeLookup = mock(StatementSpec.class, RETURNS_SELF);
    @SuppressWarnings("unchecked")
    private final MappedQuerySpec<Boolean> stored = mock(MappedQuerySpec.class);
    private final AuditLogProjection projection = new AuditLogProjection(jdbc);
    private final UUID accountId = UUID.randomUUID();
    private final DomainEventMessage<AccountDeletedEvent> event = new GenericDomainEventMessage<>("IntegrationAccount",
            accountId.toString(), 3, new AccountDeletedEvent(accountId),
            MetaData.with(AuditMetadata.ORGANIZATION_ID, UUID.randomUUID().toString()));

    AuditLogProjectionTest() {
        when(jdbc.sql(anyString())).thenReturn(otherStatements);
        when(jdbc.sql(contains("INSERT INTO audit_log"))).thenReturn(auditInsert);
        when(jdbc.sql(contains("SELECT EXISTS"))).thenReturn(storeLookup);
        when(storeLookup.query(Boolean.class)).thenReturn(stored);
    }

    @Test
    void anEventWrittenToTheLog_needsNoSecondLookAtTheStore() {
        when(auditInsert.update()).thenReturn(1);

        assertThatCode(() -> projection.on(event.getPayload(), event)).doesNotThrowAnyException();
        verify(jdbc, never()).sql(contains("SELECT EXISTS"));
    }

    @Test
    void anEventTheLogHasAlready_isSkipped() {
        when(auditInsert.update()).thenReturn(0);
        when(stored.single()).thenReturn(true);

        assertThatCode(() -> projection.on(event.getPayload(), event)).doesNotThrowAnyException();
    }

    @Test
    void anEventMissingFromTheEventStore_fails_soThatItIsDeadLetteredRatherThanLeftOutOfTheLog() {
        when(auditInsert.update()).thenReturn(0);
        when(stored.single()).thenReturn(false);

        assertThatThrownBy(() -> projection.on(event.getPayload(), event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(event.getIdentifier())
                .hasMessageContaining("not in domain_event_entry");
    }
}
