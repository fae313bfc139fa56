package io.tether.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.api.AuditMetadata;
import io.tether.infrastructure.audit.AuditDigests;
import io.tether.infrastructure.audit.AuditDigests.Entry;
import io.tether.infrastructure.audit.AuditDigests.Section;
import io.tether.infrastructure.audit.DigestKey;
import io.tether.infrastructure.audit.DigestSigner;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the next signed audit digest: every aggregate whose chain head moved on since the digest before, with
 * its last sequence number, its chain head and how many events it gained, in a section per organization (the one its
 * first event names) with the section's counts; the previous digest's hash. An interval in which nothing happened still has its digest (a missing digest is itself
 * evidence). A head that moved back (events deleted at the end) is not recorded again: the digest that recorded
 * it further on stays the evidence. The heads and the digests before are read in one snapshot, in the transaction that records the
 * digest; the digest's number is the table's key, so that of two nodes writing the same digest one writes it
 * and the other nothing.
 */
@Component
class AuditDigestWriter {

    private static final Logger log = LoggerFactory.getLogger(AuditDigestWriter.class);
    /** Serialises the digest writers of every node (an arbitrary constant, Tether's own). */
    private static final long WRITER_LOCK = 0x7e7e_a0d1_7d16_e57L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final DigestSigner signer;
    private final AuditDigestProperties properties;
    private final Clock clock;
    private final TransactionTemplate snapshot;

    AuditDigestWriter(JdbcClient jdbc, DigestSigner signer, AuditDigestProperties properties, Clock tetherClock,
                      PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.properties = properties;
        this.clock = tetherClock;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** A digest recorded, as the sinks receive it. */
    record WrittenDigest(long number, Instant intervalStart, Instant intervalEnd, String hash, int aggregates, long events) {
    }

    /** The next digest, when the interval since the last one has passed (or there is none yet). */
    Optional<WrittenDigest> writeIfDue() {
        return write(false);
    }

    /** The next digest now, whatever the time (a platform admin's request). */
    WrittenDigest writeNow() {
        return write(true).orElseThrow(() -> new IllegalStateException("Another node wrote the digest at the same moment"));
    }

    private Optional<WrittenDigest> write(boolean now) {
        try {
            return snapshot.execute(status -> {
                jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(WRITER_LOCK).query((row, i) -> true).single();
                Optional<Last> last = jdbc.sql("SELECT number, interval_end, hash FROM audit_digests ORDER BY number DESC LIMIT 1")
                        .query((row, i) -> new Last(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3)))
                        .optional();
                Instant end = clock.instant();
                if (!now && last.isPresent() && end.isBefore(last.get().intervalEnd().plus(properties.interval()))) {
                    return Optional.empty();
                }
                return Optional.of(record(last, end));
            });
        } catch (DuplicateKeyException anotherNodeWroteIt) {
            log.info("Another node wrote the same audit digest; this one is dropped");
            return Optional.empty();
        }
    }

    private WrittenDigest record(Optional<Last> last, Instant end) {
        long number = last.map(Last::number).orElse(0L) + 1;
        // The first digest covers everything that happened before it.
        Instant start = last.map(Last::intervalEnd).orElse(Instant.EPOCH);
        List<Owned> grown = jdbc.sql("""
                        SELECT h.aggregate_identifier, coalesce(e.type, ''), h.sequence_number, h.hash,
                               h.sequence_number - coalesce(d.sequence_number, -1), f.payload, f.meta_data
                        FROM event_chain_heads h
                        LEFT JOIN audit_digest_heads d ON d.aggregate_identifier = h.aggregate_identifier
                        LEFT JOIN domain_event_entry e
                               ON e.aggregate_identifier = h.aggregate_identifier AND e.sequence_number = h.sequence_number
                        LEFT JOIN domain_event_entry f
                               ON f.aggregate_identifier = h.aggregate_identifier AND f.sequence_number = 0
                        WHERE d.sequence_number IS NULL OR h.sequence_number > d.sequence_number
                        ORDER BY h.aggregate_identifier""")
                .query((row, i) -> new Owned(organizationNamedBy(row.getBytes(6), row.getBytes(7)),
                        new Entry(row.getString(1), row.getString(2), row.getLong(3), row.getString(4), row.getLong(5))))
                .list();
        // One section per organization, in the order of their ids (the aggregates of none first).
        Map<String, List<Entry>> byOrganization = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        grown.forEach(owned -> byOrganization.computeIfAbsent(owned.organizationId(), id -> new ArrayList<>()).add(owned.entry()));
        List<Section> sections = byOrganization.entrySet().stream()
                .map(section -> new Section(section.getKey(), section.getValue())).toList();
        DigestKey key = signer.key();
        ObjectNode unsigned = AuditDigests.unsigned(number, start, end,
                last.map(Last::hash).orElse(AuditDigests.GENESIS), sections, key);
        byte[] document = AuditDigests.signed(unsigned, signer.sign(AuditDigests.signedContent(unsigned)));
        String hash = AuditDigests.chainHash(document);
        jdbc.sql("INSERT INTO audit_digests (number, interval_start, interval_end, hash, document) VALUES (?, ?, ?, ?, ?)")
                .params(number, Timestamp.from(start), Timestamp.from(end), hash, document)
                .update();
        for (Owned owned : grown) {
            Entry entry = owned.entry();
            jdbc.sql("""
                            INSERT INTO audit_digest_heads (aggregate_identifier, sequence_number) VALUES (?, ?)
                            ON CONFLICT (aggregate_identifier) DO UPDATE SET sequence_number = excluded.sequence_number""")
                    .params(entry.aggregateId(), entry.lastSequence())
                    .update();
        }
        long events = grown.stream().mapToLong(owned -> owned.entry().events()).sum();
        log.info("Audit digest {} written: {} aggregates, {} events, signed with {}", number, grown.size(), events, key.keyId());
        return new WrittenDigest(number, start, end, hash, grown.size(), events);
    }

    /**
     * The organization an aggregate's first event names, as the audit log reads it: its payload's
     * {@code organizationId} (a creation event), else its metadata's; null when it names none or no longer parses
     * (the verifier finds such an edit; the digest is written all the same).
     */
    private static String organizationNamedBy(byte[] firstPayload, byte[] firstMetadata) {
        String named = textOf(firstPayload, "organizationId");
        return named != null ? named : textOf(firstMetadata, AuditMetadata.ORGANIZATION_ID);
    }

    private static String textOf(byte[] json, String field) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(json).get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        } catch (IOException unreadable) {
            return null;
        }
    }

    private record Owned(String organizationId, Entry entry) {
    }

    private record Last(long number, Instant intervalEnd, String hash) {
    }
}
