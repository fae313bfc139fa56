package io.tether.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.infrastructure.audit.HashChain;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bench's bulk path into the event store: copies of a stream made through the API (the template), written by JDBC
 * as new streams, each event one Tether could have appended. A copy keeps the template's rows as stored (type,
 * timestamp, payload type and revision, payload and metadata) but for a new event id, the new stream's id, the
 * template's ids replaced by the copy's in the payload and metadata, sequence numbers from 0, and its hash chain
 * computed as Tether computes it ({@link HashChain} of the infrastructure module), ending in the stream's chain head.
 * The read models learn of the copies as of any other append: their processors read them from the store.
 * <p>
 * Nothing sealed can be copied this way: a sealed value is bound to its owner (organization, aggregate and field as
 * associated data, under the aggregate's own key), so a copied ciphertext would not open for another aggregate.
 */
final class StreamCopier implements AutoCloseable {

    /** One stored event of a template stream, as read. */
    record StoredEvent(String type, String timeStamp, String payloadType, String payloadRevision, byte[] payload,
                       byte[] metadata) {
    }

    private static final int BATCH = 1_000;

    private final Connection database;
    private final PreparedStatement insert;
    private final PreparedStatement head;
    private final boolean recordsOrganizations;
    private int batched;

    StreamCopier(Connection database) throws SQLException {
        this.database = database;
        database.setAutoCommit(false);
        this.insert = database.prepareStatement("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier,"
                + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        // A build that records each stream's organization beside its chain head gets it from the copy as from Tether's
        // own appends (its first event's); an older build's table has no such column.
        this.recordsOrganizations = recordsOrganizations(database);
        this.head = database.prepareStatement(recordsOrganizations
                ? "INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash, organization_id)"
                        + " VALUES (?, ?, ?, CAST(? AS uuid))"
                : "INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash) VALUES (?, ?, ?)");
    }

    private static boolean recordsOrganizations(Connection database) throws SQLException {
        try (PreparedStatement column = database.prepareStatement("SELECT EXISTS (SELECT 1 FROM information_schema.columns"
                + " WHERE table_name = 'event_chain_heads' AND column_name = 'organization_id')");
             ResultSet row = column.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** The stream's events in order. */
    static List<StoredEvent> eventsOf(Connection database, String aggregate) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement read = database.prepareStatement("SELECT type, time_stamp, payload_type, payload_revision,"
                + " payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            read.setString(1, aggregate);
            try (ResultSet row = read.executeQuery()) {
                while (row.next()) {
                    events.add(new StoredEvent(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getBytes(5), row.getBytes(6)));
                }
            }
        }
        return events;
    }

    /**
     * Writes the template's events {@code times} over, one after the other, as the new stream {@code aggregate}, and
     * its chain head; each key of {@code replacements} (the template's ids) is replaced by its value in the payloads and
     * the metadata. Committed a thousand events at a time; the rest, and the chain head, with {@link #commit()}.
     */
    void copy(List<StoredEvent> template, int times, String aggregate, Map<String, String> replacements) throws Exception {
        String link = HashChain.GENESIS;
        long sequence = -1;
        String organization = null;
        for (int round = 0; round < times; round++) {
            for (StoredEvent event : template) {
                sequence++;
                String eventId = UUID.randomUUID().toString();
                byte[] payload = replaced(event.payload(), replacements);
                ObjectNode metadata = (ObjectNode) Api.JSON.readTree(replaced(event.metadata(), replacements));
                metadata.remove(HashChain.METADATA_KEY);
                if (sequence == 0) {
                    organization = metadata.path("organization_id").textValue();
                }
                link = HashChain.link(link, new EventFacts(aggregate, sequence, eventId, event.payloadType(),
                        Instant.parse(event.timeStamp()), payload, Api.JSON.writeValueAsBytes(metadata)));
                metadata.put(HashChain.METADATA_KEY, link);
                insert.setString(1, eventId);
                insert.setString(2, aggregate);
                insert.setLong(3, sequence);
                insert.setString(4, event.type());
                insert.setString(5, event.timeStamp());
                insert.setString(6, event.payloadType());
                insert.setString(7, event.payloadRevision());
                insert.setBytes(8, payload);
                insert.setBytes(9, Api.JSON.writeValueAsBytes(metadata));
                insert.addBatch();
                if (++batched == BATCH) {
                    // Committed a thousand events at a time, as Tether's appends are short: while a transaction is
                    // open its global indexes are unseen gaps to every processor, and a processor carries its gaps in
                    // the token of each event it reads (a 20,000-event transaction ran Tether, at -Xmx384m, out of heap).
                    insert.executeBatch();
                    database.commit();
                    batched = 0;
                }
            }
        }
        head.setString(1, aggregate);
        head.setLong(2, sequence);
        head.setString(3, link);
        if (recordsOrganizations) {
            head.setString(4, organization);
        }
        head.addBatch();
    }

    /** Commits every copy made since the last commit. */
    void commit() throws SQLException {
        insert.executeBatch();
        batched = 0;
        head.executeBatch();
        database.commit();
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        head.close();
    }

    private static byte[] replaced(byte[] json, Map<String, String> replacements) {
        String text = new String(json, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
