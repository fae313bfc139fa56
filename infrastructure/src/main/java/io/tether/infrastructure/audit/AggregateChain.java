package io.tether.infrastructure.audit;

import io.tether.infrastructure.audit.DigestVerifier.Finding;
import io.tether.infrastructure.audit.DigestVerifier.Problem;
import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * One aggregate's events checked in the order they come (the store's sequence order, or an export's), link by
 * link, and against the chain heads digests recorded for it (its anchors). Holds a few values, never the events.
 */
final class AggregateChain {

    /**
     * A head a digest recorded: the aggregate's chain at {@code lastSequence}. {@code vouchesForEnd}: the events up
     * to it must all be there (a digest written before the end of what is checked).
     */
    record Anchor(long digest, long lastSequence, String chainHead, boolean vouchesForEnd) {
    }

    private final String aggregate;
    private final NavigableMap<Long, Anchor> anchors;
    /** "stored" or "exported": where the events were read, for the findings' words. */
    private final String source;
    private final List<Finding> findings = new ArrayList<>();

    private long nextSequence;
    private long lastGlobalIndex = Long.MIN_VALUE;
    private String chain;
    private String previousStored;
    private boolean reordered;
    private Finding pendingEdit;
    private Finding pendingGap;
    private Anchor contradicted;

    /** Checked from {@code firstSequence}, whose previous link is {@code previousLink} (genesis before event 0). */
    AggregateChain(String aggregate, NavigableMap<Long, Anchor> anchors, String source, long firstSequence,
                   String previousLink) {
        this.aggregate = aggregate;
        this.anchors = anchors;
        this.source = source;
        this.nextSequence = firstSequence;
        this.chain = previousLink;
        this.previousStored = firstSequence == 0 ? null : previousLink;
    }

    void next(long globalIndex, EventFacts event) {
        long sequence = event.sequenceNumber();
        String stored = event.metadataJson() == null ? null : HashChain.storedLink(event.metadataJson());
        if (sequence < nextSequence) {
            // Comes after an event appended later: moved. The gap its move left was no deletion.
            reorderedAt(sequence, "event " + sequence + " comes after event " + (nextSequence - 1));
            if (pendingGap != null) {
                findings.remove(pendingGap);
                pendingGap = null;
            }
            chain = HashChain.link(chain, event);
            previousStored = stored;
            return;
        }
        if (sequence > nextSequence) {
            pendingGap = new Finding(Problem.EVENT_DELETED, aggregate, nextSequence, null, sequence - nextSequence == 1
                    ? "Event " + nextSequence + " of " + aggregate + " was deleted from the middle of its stream"
                    : "Events " + nextSequence + " to " + (sequence - 1) + " of " + aggregate
                            + " were deleted from the middle of its stream");
            findings.add(pendingGap);
        }
        if (globalIndex < lastGlobalIndex) {
            reorderedAt(sequence - 1, "event " + sequence + " was appended before event " + (sequence - 1));
        }
        String local = HashChain.link(previousStored == null ? HashChain.GENESIS : previousStored, event);
        pendingEdit = null;
        // After a gap or a move the link before is not the one this event was appended after: no verdict.
        if (!local.equals(stored) && !reordered && sequence == nextSequence) {
            pendingEdit = new Finding(Problem.EVENT_EDITED, aggregate, sequence, null, "Event " + sequence + " of "
                    + aggregate + " was edited: its content no longer matches the hash recorded when it was appended");
            findings.add(pendingEdit);
        }
        chain = HashChain.link(chain, event);
        previousStored = stored;
        lastGlobalIndex = globalIndex;
        nextSequence = sequence + 1;
        Anchor anchor = anchors.get(sequence);
        if (anchor != null && !anchor.chainHead().equals(chain) && contradicted == null) {
            contradicted = anchor;
        }
    }

    /** The findings, once the last of the aggregate's events was seen. */
    List<Finding> end() {
        long last = nextSequence - 1;
        Anchor furthest = anchors.values().stream().filter(Anchor::vouchesForEnd)
                .reduce((earlier, later) -> later.lastSequence() > earlier.lastSequence() ? later : earlier).orElse(null);
        if (furthest != null && last < furthest.lastSequence()) {
            findings.add(new Finding(Problem.STREAM_TRUNCATED, aggregate, last + 1, furthest.digest(),
                    "The stream of " + aggregate + " was truncated at its end: digest " + furthest.digest()
                            + " recorded events up to " + furthest.lastSequence() + ", the " + source + " ones end at " + last));
        } else if (contradicted != null && findings.isEmpty()) {
            findings.add(new Finding(Problem.HISTORY_REWRITTEN, aggregate, contradicted.lastSequence(), contradicted.digest(),
                    "The history of " + aggregate + " up to event " + contradicted.lastSequence()
                            + " is not the one digest " + contradicted.digest()
                            + " recorded: its events were rewritten and their hashes recomputed"));
        }
        return findings;
    }

    private void reorderedAt(long sequence, String how) {
        if (!reordered) {
            findings.add(new Finding(Problem.EVENTS_REORDERED, aggregate, sequence, null,
                    "Events of " + aggregate + " were reordered: " + how));
        }
        reordered = true;
        // The event before was moved too: its link broke because of the move, not an edit.
        if (pendingEdit != null) {
            findings.remove(pendingEdit);
            pendingEdit = null;
        }
    }
}
