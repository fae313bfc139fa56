package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.tether.infrastructure.audit.AggregateChain.Anchor;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Problem;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The auditor's verifier for an audit export that carries its digests ({@code /audit/events/export?include=digests},
 * format {@value #FORMAT}): with the export file alone (and, better, the public keys the auditor kept), it checks
 * each digest's signature and their chain, each exported event's link from the one before it, and each aggregate's
 * recomputed chain against every head a digest in the export recorded for it: the heads of the export's organization
 * come in its sections of the digests, each checked against the root of sections its digest signed (first-format
 * digests carry every aggregate themselves). What it finds is told in words, as {@link DigestVerifier} tells it. The
 * export is NDJSON (a record a line) or CSV (a record a row, {@link #CSV_COLUMNS}); both say the same.
 *
 * <p>The file is read twice, a record at a time: first for the aggregates it holds, then to check. What is held in
 * memory grows with the number of those aggregates and the heads the digests recorded for them, never with the
 * events.
 */
public final class ExportVerifier {

    /** With per-organization sections of the digests ({@code digest_section} records), NDJSON or CSV. */
    public static final String FORMAT = "tether-audit-export/2";
    /** Before sections: whole digests, NDJSON only. Still verified. */
    public static final String FORMAT_1 = "tether-audit-export/1";
    /**
     * The CSV form's columns: the kind of record ({@code export}, {@code public_keys}, {@code digest},
     * {@code digest_section}: their JSON in {@code document}; or {@code event}), then the audit log entry's columns,
     * then what an event's hash-chain link covers.
     */
    public static final List<String> CSV_COLUMNS = List.of("record", "global_index", "organization_id", "aggregate_id",
            "aggregate_type", "sequence_number", "event_type", "occurred_at", "actor", "command", "request_id",
            "correlation_id", "client_ip", "event_id", "payload_type", "time_stamp", "payload", "metadata",
            "previous_hash", "document");

    /**
     * The verdict on one export: its organization and range as its first line states them, what was checked, and
     * how many exported events a digest in it vouches for (the others came after its last digest).
     */
    public record ExportReport(String organizationId, Instant from, Instant to, int digests, int aggregatesChecked,
                               long eventsChecked, long eventsVouchedFor, boolean clean, List<Finding> findings) {
    }

    private ExportVerifier() {
    }

    /** Verifies the export file; {@code trustedKeys} (may be null) replaces the keys the export carries. */
    public static ExportReport verify(Path export, Path trustedKeys) throws IOException {
        Set<String> exported = new HashSet<>();
        forEachRecord(export, record -> {
            if (record.has("global_index")) {
                exported.add(record.path("aggregate_id").asText());
            }
        });
        Check check = new Check(exported,
                trustedKeys == null ? null : DigestChain.trustedKeys(Files.readAllBytes(trustedKeys)));
        forEachRecord(export, check::accept);
        return check.report();
    }

    /** The second reading: the records in the order of the file. */
    private static final class Check {

        private final Set<String> exported;
        private final List<Finding> findings = new ArrayList<>();
        private final Map<String, NavigableMap<Long, Anchor>> anchors = new HashMap<>();
        private final Map<String, AggregateChain> chains = new TreeMap<>();
        /** Per digest that verified, what its sections must lead to. */
        private final Map<Long, SignedEnvelope> signed = new HashMap<>();
        private Map<String, PublicKey> trusted;
        private DigestChain digests;
        private String organization;
        private Instant from;
        private Instant to;
        private long events;
        private long vouched;

        Check(Set<String> exported, Map<String, PublicKey> trusted) {
            this.exported = exported;
            this.trusted = trusted;
        }

        void accept(JsonNode record) throws IOException {
            if (record.has("export")) {
                JsonNode header = record.get("export");
                if (!FORMAT.equals(header.path("format").asText()) && !FORMAT_1.equals(header.path("format").asText())) {
                    throw new IOException("Not an export with digests (" + FORMAT + "): its first line says "
                            + header.path("format"));
                }
                organization = header.path("organization_id").asText(null);
                from = instant(header.get("from"));
                to = instant(header.get("to"));
            } else if (record.has("public_keys")) {
                if (trusted == null) {
                    trusted = DigestChain.trustedKeys(CanonicalJson.bytes(record.get("public_keys")));
                }
            } else if (record.has("digest")) {
                digest(record.get("digest"));
            } else if (record.has("digest_section")) {
                section(record.get("digest_section"));
            } else if (record.has("global_index")) {
                events++;
                EventFacts event = facts(record);
                NavigableMap<Long, Anchor> ofAggregate = anchors.getOrDefault(event.aggregateId(), new TreeMap<>());
                chains.computeIfAbsent(event.aggregateId(), id -> startOf(id, ofAggregate, record, from == null))
                        .next(record.get("global_index").asLong(), event);
                if (ofAggregate.ceilingKey(event.sequenceNumber()) != null) {
                    vouched++;
                }
            }
        }

        private void digest(JsonNode digest) {
            if (digests == null) {
                digests = new DigestChain(trusted == null ? Map.of() : trusted, null, findings);
            }
            long number = digest.path("number").asLong();
            JsonNode document = digests.next(number, CanonicalJson.bytes(digest));
            if (document == null) {
                return;
            }
            Instant intervalEnd = Instant.parse(document.path("interval_end").asText());
            boolean vouchesForEnd = to == null || !intervalEnd.isAfter(to);
            if (AuditDigests.isFormat1(document)) {
                anchor(number, AuditDigests.entries(document), vouchesForEnd);
            } else {
                signed.put(number, new SignedEnvelope(document.path("sections_root").asText(), vouchesForEnd));
            }
        }

        /** The organization's section of a digest: verified against the root its digest signed, then its heads kept. */
        private void section(JsonNode record) {
            long number = record.path("number").asLong();
            JsonNode section = record.path("section");
            SignedEnvelope envelope = signed.get(number);
            if (envelope == null) {
                // Its digest did not verify, or is not in the export: a finding already says which.
                return;
            }
            String owner = section.path("organization_id").asText(null);
            if (!AuditDigests.rootOf(section, record.path("proof")).equals(envelope.sectionsRoot())) {
                findings.add(new Finding(Problem.SECTION_EDITED, null, null, number, "The section of organization "
                        + owner + " in digest " + number + " was edited: it is not the section the digest's signature covers"));
            } else if (organization != null && !organization.equals(owner)) {
                findings.add(new Finding(Problem.SECTION_EDITED, null, null, number, "Digest " + number
                        + " carries the section of organization " + owner + ", not of the export's organization " + organization));
            } else {
                anchor(number, AuditDigests.entriesOf(section), envelope.vouchesForEnd());
            }
        }

        private void anchor(long number, List<AuditDigests.Entry> entries, boolean vouchesForEnd) {
            for (AuditDigests.Entry entry : entries) {
                if (exported.contains(entry.aggregateId())) {
                    anchors.computeIfAbsent(entry.aggregateId(), id -> new TreeMap<>()).put(entry.lastSequence(),
                            new Anchor(number, entry.lastSequence(), entry.chainHead(), vouchesForEnd));
                }
            }
        }

        ExportReport report() {
            chains.values().forEach(chain -> findings.addAll(chain.end()));
            return new ExportReport(organization, from, to, digests == null ? 0 : digests.digests(), chains.size(),
                    events, vouched, findings.isEmpty(), List.copyOf(findings));
        }
    }

    private record SignedEnvelope(String sectionsRoot, boolean vouchesForEnd) {
    }

    private interface RecordHandler {
        void accept(JsonNode record) throws IOException;
    }

    /** Each record of the export as JSON, one at a time: an NDJSON line, or a CSV row read back into the same form. */
    private static void forEachRecord(Path export, RecordHandler handler) throws IOException {
        if (isCsv(export)) {
            forEachRow(export, handler);
            return;
        }
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    handler.accept(CanonicalJson.MAPPER.readTree(line));
                }
            }
        }
    }

    /** An NDJSON export starts with its header object; a CSV export with its header row. */
    private static boolean isCsv(Path export) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            int first;
            do {
                first = reader.read();
            } while (first != -1 && Character.isWhitespace(first));
            return first != -1 && first != '{';
        }
    }

    private static void forEachRow(Path export, RecordHandler handler) throws IOException {
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8);
             MappingIterator<String[]> rows = csv.readerFor(String[].class).readValues(reader)) {
            Map<String, Integer> columns = new HashMap<>();
            if (rows.hasNextValue()) {
                String[] header = rows.nextValue();
                for (int i = 0; i < header.length; i++) {
                    columns.put(header[i], i);
                }
            }
            if (!columns.containsKey("record") || !columns.containsKey("document")) {
                throw new IOException("Not an export with digests (" + FORMAT + "): its header row names no record and "
                        + "document columns");
            }
            long row = 1;
            while (rows.hasNextValue()) {
                String[] cells = rows.nextValue();
                row++;
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                handler.accept(recordOf(new Row(columns, cells, row)));
            }
        }
    }

    /** A CSV row as the NDJSON record it stands for. */
    private static JsonNode recordOf(Row row) throws IOException {
        String kind = row.text("record");
        ObjectNode record = CanonicalJson.MAPPER.createObjectNode();
        if (!"event".equals(kind)) {
            record.set(kind, row.json("document"));
            return record;
        }
        record.put("global_index", row.number("global_index"));
        record.put("aggregate_id", row.text("aggregate_id"));
        record.put("sequence_number", row.number("sequence_number"));
        record.put("event_id", row.text("event_id"));
        record.put("payload_type", row.text("payload_type"));
        record.put("time_stamp", row.text("time_stamp"));
        record.set("payload", row.json("payload"));
        record.set("metadata", row.json("metadata"));
        if (!row.text("previous_hash").isEmpty()) {
            record.put("previous_hash", row.text("previous_hash"));
        }
        return record;
    }

    /** One CSV row's cells by column name, with the quote that defused a would-be formula taken off again. */
    private record Row(Map<String, Integer> columns, String[] cells, long number) {

        String text(String column) {
            Integer index = columns.get(column);
            String cell = index == null || index >= cells.length ? "" : cells[index];
            return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0
                    ? cell.substring(1) : cell;
        }

        long number(String column) throws IOException {
            try {
                return Long.parseLong(text(column));
            } catch (NumberFormatException e) {
                throw new IOException("Row " + number + " of the export: " + column + " is not a number: " + text(column));
            }
        }

        JsonNode json(String column) {
            String text = text(column);
            if (text.isEmpty()) {
                return CanonicalJson.MAPPER.getNodeFactory().nullNode();
            }
            try {
                return CanonicalJson.MAPPER.readTree(text);
            } catch (IOException e) {
                // No longer JSON: edited; the hash chain hashes it as its text, and says so.
                return CanonicalJson.MAPPER.getNodeFactory().textNode(text);
            }
        }
    }

    /**
     * An aggregate's chain from its first exported event: from the genesis link for an export from the beginning,
     * else from the link the export gives for the event before it.
     */
    private static AggregateChain startOf(String aggregate, NavigableMap<Long, Anchor> anchors, JsonNode first,
                                          boolean fromTheStart) {
        JsonNode previous = first.get("previous_hash");
        if (fromTheStart || previous == null || previous.isNull()) {
            return new AggregateChain(aggregate, anchors, "exported", 0, HashChain.GENESIS);
        }
        return new AggregateChain(aggregate, anchors, "exported", first.get("sequence_number").asLong(), previous.asText());
    }

    private static EventFacts facts(JsonNode record) throws IOException {
        return new EventFacts(record.path("aggregate_id").asText(), record.path("sequence_number").asLong(),
                record.path("event_id").asText(), record.path("payload_type").asText(),
                Instant.parse(record.path("time_stamp").asText()),
                CanonicalJson.MAPPER.writeValueAsBytes(record.get("payload")),
                record.hasNonNull("metadata") ? CanonicalJson.MAPPER.writeValueAsBytes(record.get("metadata")) : null);
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}
