package io.tether.infrastructure.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.infrastructure.audit.AggregateChain.Anchor;
import io.tether.infrastructure.audit.DigestVerifier.Finding;
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
 * recomputed chain against every head a digest in the export recorded for it. What it finds is told in words, as
 * {@link DigestVerifier} tells it.
 *
 * <p>The file is read twice, a line at a time: first for the aggregates it holds, then to check. What is held in
 * memory grows with the number of those aggregates and the heads the digests recorded for them, never with the
 * events.
 */
public final class ExportVerifier {

    public static final String FORMAT = "tether-audit-export/1";

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
                if (!FORMAT.equals(header.path("format").asText())) {
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
            for (AuditDigests.Entry entry : AuditDigests.entries(document)) {
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

    private interface RecordHandler {
        void accept(JsonNode record) throws IOException;
    }

    /** Each line of the export as JSON, one at a time. */
    private static void forEachRecord(Path export, RecordHandler handler) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    handler.accept(CanonicalJson.MAPPER.readTree(line));
                }
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
