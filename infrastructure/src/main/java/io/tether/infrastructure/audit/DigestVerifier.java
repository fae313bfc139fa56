package io.tether.infrastructure.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The auditor's verifier: checks a directory of audit digests (each one's signature under a published key,
 * and the chain of digests) and, given the event store, the events against them. Each finding is told in
 * words. The events are streamed, one aggregate after another; what is held in memory is, per aggregate
 * named by a digest, the furthest head a digest recorded for it, never the events.
 *
 * <p>The keys trusted are those published beside the digests ({@value AuditDigests#PUBLIC_KEYS_FILE}), or a
 * file of keys the auditor kept elsewhere: a digest signed by any other key was signed by someone else.
 */
public final class DigestVerifier {

    private static final int FETCH_SIZE = 1_000;

    /** What the verifier can find. */
    @Schema(name = "DigestFindingKind")
    public enum Problem {
        EVENT_EDITED, EVENT_DELETED, STREAM_TRUNCATED, STREAM_DELETED, EVENTS_REORDERED, HISTORY_REWRITTEN,
        DIGEST_MISSING, DIGEST_EDITED, DIGEST_UNKNOWN_KEY, DIGEST_OUT_OF_CHAIN, DIGEST_UNREADABLE, SECTION_EDITED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One finding: what, in words, and where (the aggregate and event, or the digest). */
    @Schema(name = "DigestFinding")
    public record Finding(Problem problem, @Nullable String aggregateId, @Nullable Long sequenceNumber, @Nullable Long digest,
                          String description) {
    }

    /** Every finding; clean when there is none. */
    @Schema(name = "DigestVerificationReport")
    public record Report(int digests, int aggregatesChecked, long eventsChecked, boolean clean, List<Finding> findings) {
    }

    private record Expected(long digest, long lastSequence, String chainHead) {
    }

    private DigestVerifier() {
    }

    /**
     * Verifies the digests in {@code directory}; with a {@code database} connection (may be null), the event
     * store against them. {@code trustedKeys} (may be null) replaces the keys published in the directory.
     */
    public static Report verify(Path directory, Path trustedKeys, Connection database) throws IOException, SQLException {
        List<Finding> findings = new ArrayList<>();
        Map<String, Expected> expected = new HashMap<>();
        int digests = checkDigests(directory, trustedKeys, findings, expected);
        long events = 0;
        int aggregates = 0;
        if (database != null) {
            EventCheck check = new EventCheck(expected, findings);
            checkEvents(database, check);
            events = check.events;
            aggregates = check.aggregates + expected.size();
            expected.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> findings.add(new Finding(
                    Problem.STREAM_DELETED, entry.getKey(), null, entry.getValue().digest(),
                    "The whole stream of " + entry.getKey() + " was deleted: digest " + entry.getValue().digest()
                            + " recorded its events up to " + entry.getValue().lastSequence() + ", and none is stored")));
        }
        return new Report(digests, aggregates, events, findings.isEmpty(), List.copyOf(findings));
    }

    private static int checkDigests(Path directory, Path trustedKeys, List<Finding> findings, Map<String, Expected> expected)
            throws IOException {
        Path keys = trustedKeys != null ? trustedKeys : directory.resolve(AuditDigests.PUBLIC_KEYS_FILE);
        DigestChain chain = new DigestChain(Files.exists(keys) ? DigestChain.trustedKeys(Files.readAllBytes(keys)) : Map.of(),
                1L, findings);
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(directory)) {
            listed.forEach(file -> {
                long number = AuditDigests.numberOf(file.getFileName().toString());
                if (number > 0) {
                    files.put(number, file);
                }
            });
        }
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            long number = file.getKey();
            JsonNode document = chain.next(number, Files.readAllBytes(file.getValue()));
            if (document != null) {
                // The furthest any digest saw an aggregate: a later digest cannot vouch for a stream that shrank.
                for (AuditDigests.Entry entry : AuditDigests.entries(document)) {
                    expected.merge(entry.aggregateId(), new Expected(number, entry.lastSequence(), entry.chainHead()),
                            (earlier, later) -> later.lastSequence() > earlier.lastSequence() ? later : earlier);
                }
            }
        }
        return chain.digests();
    }

    private static void checkEvents(Connection database, EventCheck check) throws SQLException {
        boolean autoCommit = database.getAutoCommit();
        // PostgreSQL's driver streams a result set in fetch-size pieces only inside a transaction.
        database.setAutoCommit(false);
        try (PreparedStatement query = database.prepareStatement("""
                SELECT global_index, event_identifier, aggregate_identifier, sequence_number, payload_type, time_stamp,
                       payload, meta_data
                FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number""")) {
            query.setFetchSize(FETCH_SIZE);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    check.next(row.getLong(1), new EventFacts(row.getString(3), row.getLong(4), row.getString(2),
                            row.getString(5), Instant.parse(row.getString(6)), row.getBytes(7), row.getBytes(8)));
                }
            }
            check.endOfAggregate();
        } finally {
            database.rollback();
            database.setAutoCommit(autoCommit);
        }
    }

    /** One aggregate's events at a time, in sequence order. */
    private static final class EventCheck {

        private final Map<String, Expected> expected;
        private final List<Finding> findings;
        private long events;
        private int aggregates;
        private String aggregate;
        private AggregateChain current;

        EventCheck(Map<String, Expected> expected, List<Finding> findings) {
            this.expected = expected;
            this.findings = findings;
        }

        void next(long globalIndex, EventFacts event) {
            if (!event.aggregateId().equals(aggregate)) {
                endOfAggregate();
                aggregate = event.aggregateId();
                TreeMap<Long, AggregateChain.Anchor> anchors = new TreeMap<>();
                Expected digest = expected.get(aggregate);
                if (digest != null) {
                    anchors.put(digest.lastSequence(), new AggregateChain.Anchor(digest.digest(), digest.lastSequence(),
                            digest.chainHead(), true));
                }
                current = new AggregateChain(aggregate, anchors, "stored", 0, HashChain.GENESIS);
            }
            events++;
            current.next(globalIndex, event);
        }

        void endOfAggregate() {
            if (current == null) {
                return;
            }
            aggregates++;
            expected.remove(aggregate);
            findings.addAll(current.end());
            current = null;
        }
    }
}
