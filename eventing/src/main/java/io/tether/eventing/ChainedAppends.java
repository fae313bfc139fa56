package io.tether.eventing;

import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.audit.HashChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The JDBC storage engine's append: each event's row, and its stream's chain head moved to it, in one statement (the
 * head's upsert a {@code WITH} clause of the event's insert), so that an append is one round trip for its events and
 * their heads, as a batch of such statements. The infrastructure module's {@code HashChainInterceptor} has linked the
 * events, each link in its metadata; a stream's organization is its first event's, recorded with the head that event
 * creates and kept after. An event without a link (none Tether appends) moves no head. Axon's own statement is the
 * insert alone ({@code JdbcEventStorageEngineStatements.appendEvents}); this one binds the same nine values after the
 * head's.
 */
final class ChainedAppends {

    private ChainedAppends() {
    }

    /**
     * The statement of an append, one batch entry per event, for {@code PositionNotingStorageEngine}; its inserts
     * return the {@code global_index} each event took (the statement's generated keys, in order) when
     * {@code returningGlobalIndex}: the position a command's answer names, without a query after the append.
     */
    static PreparedStatement appendEvents(Connection connection, EventSchema schema, Class<?> dataType,
                                          List<? extends EventMessage<?>> events, Serializer serializer,
                                          TimestampWriter timestampWriter, boolean returningGlobalIndex) throws SQLException {
        String sql = """
                WITH head AS (
                    INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash, organization_id)
                    SELECT CAST(? AS varchar), CAST(? AS bigint), CAST(? AS varchar), CAST(? AS uuid)
                    WHERE CAST(? AS varchar) IS NOT NULL
                    ON CONFLICT (aggregate_identifier) DO UPDATE
                    SET sequence_number = excluded.sequence_number, hash = excluded.hash)
                INSERT INTO %s (%s) VALUES (?,?,?,?,?,?,?,?,?)""".formatted(schema.domainEventTable(), schema.domainEventFields());
        PreparedStatement statement = returningGlobalIndex
                ? connection.prepareStatement(sql, new String[] {schema.globalIndexColumn()})
                : connection.prepareStatement(sql);
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEventMessage(message);
            Object link = event.getMetaData().get(HashChain.METADATA_KEY);
            String hash = link == null ? null : link.toString();
            statement.setString(1, event.getAggregateIdentifier());
            statement.setLong(2, event.getSequenceNumber());
            statement.setString(3, hash);
            UUID organization = event.getSequenceNumber() == 0 ? organizationNamedBy(event) : null;
            if (organization == null) {
                statement.setNull(4, Types.OTHER);
            } else {
                statement.setObject(4, organization);
            }
            statement.setString(5, hash);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            statement.setString(6, event.getIdentifier());
            statement.setString(7, event.getAggregateIdentifier());
            statement.setLong(8, event.getSequenceNumber());
            statement.setString(9, event.getType());
            timestampWriter.writeTimestamp(statement, 10, event.getTimestamp());
            statement.setString(11, payload.getType().getName());
            statement.setString(12, payload.getType().getRevision());
            statement.setObject(13, payload.getData());
            statement.setObject(14, metaData.getData());
            statement.addBatch();
        }
        return statement;
    }

    /** The organization the metadata names, as the auditors' verification of an organization reads it; or null. */
    private static UUID organizationNamedBy(EventMessage<?> event) {
        Object named = event.getMetaData().get(AuditMetadata.ORGANIZATION_ID);
        try {
            return named == null ? null : UUID.fromString(named.toString());
        } catch (IllegalArgumentException notAnOrganization) {
            return null;
        }
    }
}
