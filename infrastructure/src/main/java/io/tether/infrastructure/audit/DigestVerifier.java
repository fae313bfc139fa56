package io.tether.infrastructure.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
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
        DIGEST_MISSING, DIGEST_EDITED, DIGEST_UNKNOWN_KEY, DIGEST_OUT_OF_CHAIN, DIGEST_UNREADABLE;

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
        Map<String, PublicKey> trusted = trustedKeys(trustedKeys != null ? trustedKeys : directory.resolve(AuditDigests.PUBLIC_KEYS_FILE));
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(directory)) {
            listed.forEach(file -> {
                long number = AuditDigests.numberOf(file.getFileName().toString());
                if (number > 0) {
                    files.put(number, file);
                }
            });
        }
        long next = 1;
        String previousHash = null;
        for (Map.Entry<Long, Path> file : files.entrySet()) {
            long number = file.getKey();
            if (number > next) {
                findings.add(new Finding(Problem.DIGEST_MISSING, null, null, next, number - next == 1
                        ? "Digest " + next + " is missing: the digests go from " + (next - 1) + " to " + number
                        : "Digests " + next + " to " + (number - 1) + " are missing"));
                previousHash = null;
            }
            next = number + 1;
            byte[] bytes = Files.readAllBytes(file.getValue());
            JsonNode document;
            try {
                document = AuditDigests.read(bytes);
            } catch (IOException e) {
                findings.add(new Finding(Problem.DIGEST_UNREADABLE, null, null, number,
                        "Digest " + number + " is not a digest any more: its file does not parse"));
                previousHash = null;
                continue;
            }
            String hash = AuditDigests.hash(bytes);
            DigestKey key = AuditDigests.signingKey(document);
            PublicKey publicKey = trusted.get(key.keyId());
            boolean valid = false;
            if (document.path("number").asLong() != number) {
                findings.add(new Finding(Problem.DIGEST_EDITED, null, null, number, "Digest " + number
                        + " was edited: its file is named for digest " + number + " but it says " + document.path("number")));
            } else if (publicKey == null) {
                findings.add(new Finding(Problem.DIGEST_UNKNOWN_KEY, null, null, number, "Digest " + number
                        + " is signed with key " + key.keyId() + ", which is not among the published keys: it was re-signed"));
            } else if (!Ed25519.verify(publicKey, AuditDigests.signedContent(document), document.path("signature").asText())) {
                findings.add(new Finding(Problem.DIGEST_EDITED, null, null, number, "Digest " + number
                        + " was edited after it was signed: its signature does not verify"));
            } else {
                valid = true;
            }
            if (valid && previousHash != null && !previousHash.equals(document.path("previous_digest_hash").asText())) {
                findings.add(new Finding(Problem.DIGEST_OUT_OF_CHAIN, null, null, number, "Digest " + number
                        + " does not follow digest " + (number - 1) + ": it names another digest before it"));
            }
            if (valid) {
                // The furthest any digest saw an aggregate: a later digest cannot vouch for a stream that shrank.
                for (AuditDigests.Entry entry : AuditDigests.entries(document)) {
                    expected.merge(entry.aggregateId(), new Expected(number, entry.lastSequence(), entry.chainHead()),
                            (earlier, later) -> later.lastSequence() > earlier.lastSequence() ? later : earlier);
                }
            }
            previousHash = hash;
        }
        return files.size();
    }

    private static Map<String, PublicKey> trustedKeys(Path file) throws IOException {
        Map<String, PublicKey> keys = new HashMap<>();
        if (Files.exists(file)) {
            for (DigestKey key : AuditDigests.readPublicKeys(Files.readAllBytes(file))) {
                if (Ed25519.ALGORITHM.equals(key.algorithm())) {
                    keys.put(key.keyId(), Ed25519.publicKey(key.publicKey()));
                }
            }
        }
        return keys;
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
        private long nextSequence;
        private long lastGlobalIndex;
        private String chain;
        private String previousStored;
        private String chainAtExpected;
        private boolean reordered;
        private Finding pendingEdit;
        private final List<Finding> ofAggregate = new ArrayList<>();

        EventCheck(Map<String, Expected> expected, List<Finding> findings) {
            this.expected = expected;
            this.findings = findings;
        }

        void next(long globalIndex, EventFacts event) {
            if (!event.aggregateId().equals(aggregate)) {
                endOfAggregate();
                startAggregate(event.aggregateId());
            }
            events++;
            long sequence = event.sequenceNumber();
            if (sequence > nextSequence) {
                ofAggregate.add(new Finding(Problem.EVENT_DELETED, aggregate, nextSequence, null, sequence - nextSequence == 1
                        ? "Event " + nextSequence + " of " + aggregate + " was deleted from the middle of its stream"
                        : "Events " + nextSequence + " to " + (sequence - 1) + " of " + aggregate
                                + " were deleted from the middle of its stream"));
            }
            boolean movedBack = globalIndex < lastGlobalIndex;
            if (movedBack) {
                if (!reordered) {
                    ofAggregate.add(new Finding(Problem.EVENTS_REORDERED, aggregate, sequence - 1, null, "Events of " + aggregate
                            + " were reordered: event " + sequence + " was appended before event " + (sequence - 1)));
                }
                reordered = true;
                // The event before was moved too: its link broke because of the move, not an edit.
                if (pendingEdit != null) {
                    ofAggregate.remove(pendingEdit);
                }
            }
            String stored = event.metadataJson() == null ? null : HashChain.storedLink(event.metadataJson());
            String local = HashChain.link(previousStored == null ? HashChain.GENESIS : previousStored, event);
            pendingEdit = null;
            // After a gap or a move the link before is not the one this event was appended after: no verdict.
            if (!local.equals(stored) && !reordered && sequence == nextSequence) {
                pendingEdit = new Finding(Problem.EVENT_EDITED, aggregate, sequence, null, "Event " + sequence + " of "
                        + aggregate + " was edited: its content no longer matches the hash recorded when it was appended");
                ofAggregate.add(pendingEdit);
            }
            chain = HashChain.link(chain, event);
            previousStored = stored;
            lastGlobalIndex = globalIndex;
            nextSequence = sequence + 1;
            Expected digest = expected.get(aggregate);
            if (digest != null && sequence == digest.lastSequence()) {
                chainAtExpected = chain;
            }
        }

        void endOfAggregate() {
            if (aggregate == null) {
                return;
            }
            aggregates++;
            Expected digest = expected.remove(aggregate);
            long last = nextSequence - 1;
            if (digest != null) {
                if (last < digest.lastSequence()) {
                    ofAggregate.add(new Finding(Problem.STREAM_TRUNCATED, aggregate, last + 1, digest.digest(),
                            "The stream of " + aggregate + " was truncated at its end: digest " + digest.digest()
                                    + " recorded events up to " + digest.lastSequence() + ", the stored ones end at " + last));
                } else if (!digest.chainHead().equals(chainAtExpected) && ofAggregate.isEmpty()) {
                    ofAggregate.add(new Finding(Problem.HISTORY_REWRITTEN, aggregate, digest.lastSequence(), digest.digest(),
                            "The history of " + aggregate + " up to event " + digest.lastSequence()
                                    + " is not the one digest " + digest.digest()
                                    + " recorded: its events were rewritten and their hashes recomputed"));
                }
            }
            findings.addAll(ofAggregate);
        }

        private void startAggregate(String id) {
            aggregate = id;
            nextSequence = 0;
            lastGlobalIndex = Long.MIN_VALUE;
            chain = HashChain.GENESIS;
            previousStored = null;
            chainAtExpected = null;
            reordered = false;
            pendingEdit = null;
            ofAggregate.clear();
        }
    }
}
