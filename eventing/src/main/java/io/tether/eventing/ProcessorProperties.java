package io.tether.eventing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the streaming processors share their work among nodes. {@code segments} is the number of
 * segments a processor's tokens are split into when it first starts (an existing processor keeps
 * its count); at most that many nodes project one read model at once. One by default: a node takes
 * every free segment and Axon 4 does not rebalance, so the first node up held both of two segments
 * anyway, and each segment costs its own transaction and token update per batch (a create+connect
 * pair cost 0.59–0.72 token updates with two, 0.30–0.31 with one); the price is a replay on one
 * thread, 10–18 % slower in the benchmark (docs/benchmarks.md). A node that stops extending
 * its claim on a segment for {@code claimTimeout} (it crashed, or lost the database) loses it to
 * another node; Axon's token store honours a claim for the same time (see ProcessorConfiguration).
 * {@code releaseClaimsOfGoneProcesses}: at start, the claims a process of this host left when it died are given up
 * at once rather than timed out ({@link ClaimsOfGoneProcesses}, which says when to turn it off).
 * {@code batchSize} is how many events a processor handles in one transaction (with one token update)
 * at most. A processor at the head of the store handles what has arrived since its last batch, which is far fewer;
 * the limit matters when it is behind (a replay, a node catching up), and there each batch's commit, token update and
 * flush of the read model's writes is on the one thread that handles the events. 1,000 by default: the coordinator's
 * pacing ({@link CoordinatorPacing}) keeps fewer than that queued, so a batch takes whatever is queued; a replay of
 * 67,000 events ran 42–54 % faster than with 100, alternated (docs/benchmarks.md, twenty-sixth session).
 */
@ConfigurationProperties("tether.processors")
public record ProcessorProperties(@DefaultValue("1") int segments, @DefaultValue("10s") Duration claimTimeout,
                                  @DefaultValue("1000") int batchSize,
                                  @DefaultValue("true") boolean releaseClaimsOfGoneProcesses) {

    public ProcessorProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("tether.processors.batch-size must be at least 1, was " + batchSize);
        }
        if (segments < 1) {
            throw new IllegalArgumentException("tether.processors.segments must be at least 1, was " + segments);
        }
        if (claimTimeout.toMillis() < 300) {
            throw new IllegalArgumentException("tether.processors.claim-timeout must be at least 300ms, was " + claimTimeout);
        }
    }

    /** Claims are extended three times per time-out, so that a slow moment does not hand a live node's segment away. */
    long claimExtensionThresholdMillis() {
        return claimTimeout.toMillis() / 3;
    }
}
