package io.tether.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.infrastructure.audit.AuditDigests;
import io.tether.infrastructure.audit.DigestKey;
import io.tether.infrastructure.audit.ExportVerifier;
import io.tether.infrastructure.audit.HashChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log as an export an auditor verifies outside the company with the verifier alone
 * ({@link ExportVerifier}, format {@value ExportVerifier#FORMAT}), NDJSON or CSV: a record naming the organization and
 * the range; the public keys that signed the digests; every digest whose interval meets the range, as its signed
 * envelope, each followed by the organization's section of it (if it has one) with the proof that the envelope signed
 * it; then each event as the audit log shows it, with what its hash-chain link covers (payload and metadata as stored:
 * sealed values only as their ciphertext) and, on an aggregate's first exported event, the link of the event before
 * it. Digests and events are read in one snapshot; the events are streamed.
 */
@Component
class VerifiableExport {

    private final AuditLog log;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate snapshot;

    VerifiableExport(AuditLog log, JdbcClient jdbc, ObjectMapper json, PlatformTransactionManager transactions) {
        this.log = log;
        this.jdbc = jdbc;
        this.json = json;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    void write(AuditLogFilter filter, boolean csv, Writer writer) {
        Records records = csv ? new CsvRecords(writer) : new NdjsonRecords(writer);
        String organization = filter.organizationId().toString();
        snapshot.executeWithoutResult(status -> {
            try {
                ObjectNode export = json.createObjectNode();
                export.put("format", ExportVerifier.FORMAT);
                export.put("organization_id", organization);
                export.put("from", filter.from() == null ? null : filter.from().toString());
                export.put("to", filter.to() == null ? null : filter.to().toString());
                export.put("aggregate_id", filter.aggregateId());
                records.add("export", export);
                records.add("public_keys", tree(AuditDigests.publicKeys(List.copyOf(signingKeys(filter).values()))));
                try (Stream<byte[]> documents = digests(filter).query((row, i) -> row.getBytes(1)).stream()) {
                    documents.forEach(document -> digest(tree(document), organization, records));
                }
                Set<String> started = new HashSet<>();
                log.streamWithEvents(filter, (entry, event) -> {
                    ObjectNode line = json.valueToTree(entry);
                    line.put("event_id", event.eventId());
                    line.put("payload_type", event.payloadType());
                    line.put("time_stamp", event.timeStamp());
                    line.set("payload", tree(event.payload()));
                    line.set("metadata", tree(event.metadata()));
                    if (started.add(entry.aggregateId())) {
                        line.put("previous_hash", event.previousHash() == null ? HashChain.GENESIS : event.previousHash());
                    }
                    records.event(line);
                });
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A digest as the organization may see it: its signed envelope, and its section of the organization with the
     * proof that leads to the root the envelope signed; nothing of the other organizations. A digest of the first
     * format has no sections and goes whole: its signature covers every aggregate.
     */
    private void digest(JsonNode document, String organization, Records records) {
        records.add("digest", AuditDigests.envelope(document));
        JsonNode sections = document.path("sections");
        for (int i = 0; i < sections.size(); i++) {
            if (organization.equals(sections.get(i).path("organization_id").asText(null))) {
                ObjectNode section = json.createObjectNode();
                section.put("number", document.path("number").asLong());
                section.set("section", sections.get(i));
                section.set("proof", AuditDigests.proof(sections, i));
                records.add("digest_section", section);
            }
        }
    }

    /** Where the export's records go: a line of JSON each, or a CSV row each. */
    private interface Records {

        /** A record other than an event: the export's header, the keys, a digest, a digest's section. */
        void add(String kind, JsonNode document);

        void event(ObjectNode event);
    }

    private final class NdjsonRecords implements Records {

        private final Writer writer;

        NdjsonRecords(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void add(String kind, JsonNode document) {
            ObjectNode record = json.createObjectNode();
            record.set(kind, document);
            line(writer, text(record));
        }

        @Override
        public void event(ObjectNode event) {
            line(writer, text(event));
        }
    }

    /**
     * One table a spreadsheet opens whole ({@link ExportVerifier#CSV_COLUMNS}): a row per record, its kind first; the
     * events fill the audit log's columns and what their links cover, the other records their JSON in {@code document}.
     */
    private final class CsvRecords implements Records {

        private final Writer writer;

        CsvRecords(Writer writer) {
            this.writer = writer;
            write(ExportVerifier.CSV_COLUMNS.toArray());
        }

        @Override
        public void add(String kind, JsonNode document) {
            Object[] cells = new Object[ExportVerifier.CSV_COLUMNS.size()];
            cells[0] = kind;
            cells[cells.length - 1] = text(document);
            write(cells);
        }

        @Override
        public void event(ObjectNode event) {
            Object[] cells = new Object[ExportVerifier.CSV_COLUMNS.size()];
            cells[0] = "event";
            for (int i = 1; i < cells.length; i++) {
                JsonNode value = event.get(ExportVerifier.CSV_COLUMNS.get(i));
                cells[i] = value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : text(value);
            }
            write(cells);
        }

        private void write(Object[] cells) {
            try {
                writer.write(Csv.line(cells));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The keys that signed the digests of the range, each once. */
    private Map<String, DigestKey> signingKeys(AuditLogFilter filter) {
        Map<String, DigestKey> keys = new LinkedHashMap<>();
        try (Stream<byte[]> documents = digests(filter).query((row, i) -> row.getBytes(1)).stream()) {
            documents.forEach(document -> {
                DigestKey key = AuditDigests.signingKey(tree(document));
                keys.putIfAbsent(key.keyId(), key);
            });
        }
        return keys;
    }

    /** Every digest whose interval meets the range, in order. */
    private JdbcClient.StatementSpec digests(AuditLogFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT document FROM audit_digests WHERE TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.from() != null) {
            sql.append(" AND interval_end > :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND interval_start < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        return jdbc.sql(sql.append(" ORDER BY number").toString()).params(params);
    }

    /** Stored JSON as it is; what no longer parses, as its text (which the hash chain hashes the same way). */
    private JsonNode tree(byte[] stored) {
        if (stored == null) {
            return json.getNodeFactory().nullNode();
        }
        try {
            return json.readTree(stored);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(new String(stored, StandardCharsets.UTF_8));
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(Writer writer, String line) {
        try {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
