package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import java.time.Duration;
import java.time.Instant;

import java.util.Map;

import javax.sql.DataSource;


import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes' copies of one pooled processor share a token store on PostgreSQL: the first node claims
 * the one segment and processes the store; the second stands by. Readiness and the lag gauge read
 * {@link ProcessorLag}: the node standing by is not behind, a node whose segment no live claim holds
 * is as far behind as the segment's stored token (so is every node while the holder replays the segment), and a
 * processor without tokens by the whole store.
 */
class ProcessorLagTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);
    private static final int EVENTS = 50;
    private static final JacksonSerializer SERIALIZER = PooledProcessors.SERIALIZER;

    private PooledProcessors nodes;
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private EmbeddedEventStore events;

    @BeforeEach
    void aStoreOfFiftyEvents() throws Exception {
        nodes = new PooledProcessors("processor-lag");
        dataSource = nodes.dataSource;
        jdbc = new JdbcTemplate(dataSource);
        // The processors read an in-memory store whose positions are 0..49; the table's head is the same 49.
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        for (int index = 0; index < EVENTS; index++) {
            events.publish(GenericEventMessage.asEventMessage("event " + index));
            jdbc.update("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number,
                        time_stamp, payload_type, payload) VALUES (?, ?, 'aggregate', ?, ?, 'java.lang.String', ?)""",
                    index, "event-" + index, index, Instant.now().toString(), new byte[] {1});
        }
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        events.shutDown();
    }

    @Test
    void aNodeStandingByWhileAnotherHoldsTheSegment_isNotBehind() {
        PooledStreamingEventProcessor holder = start("node-a");
        await().atMost(Duration.ofSeconds(20)).until(() -> lagOn(holder).position() != null
                && lagOn(holder).position() == EVENTS - 1);
        PooledStreamingEventProcessor standing = start("node-b");
        await().atMost(Duration.ofSeconds(5)).until(standing::isRunning);

        ProcessorLag.Lag holding = lagOn(holder);
        assertThat(holding.segmentsHere()).isEqualTo(1);
        assertThat(holding.lag()).isZero();

        ProcessorLag.Lag standingBy = lagOn(standing);
        assertThat(standingBy.segmentsHere()).isZero();
        assertThat(standingBy.segmentsElsewhere()).isEqualTo(1);
        assertThat(standingBy.position()).isNull();
        assertThat(standingBy.lag()).as("the segment is held by a live node, which answers for it").isZero();
    }

    @Test
    void aSegmentNoLiveClaimHolds_isAsFarBehindAsItsStoredToken() {
        PooledStreamingEventProcessor holder = start("node-a");
        await().atMost(Duration.ofSeconds(20)).until(() -> lagOn(holder).position() != null
                && lagOn(holder).position() == EVENTS - 1);
        nodes.shutDown(holder); // releases its claim, as a node stopping for a restart does
        PooledStreamingEventProcessor restarted = processor("node-b"); // built, its coordinator not yet started

        ProcessorLag.Lag released = lagOn(restarted);
        assertThat(released.segmentsHere()).isZero();
        assertThat(released.segmentsElsewhere()).isZero();
        assertThat(released.position()).isEqualTo(EVENTS - 1);
        assertThat(released.lag()).as("a restart whose stored token is at the head is not behind").isZero();

        jdbc.update("UPDATE token_entry SET token = ?, token_type = ?, owner = 'node-dead', timestamp = ?",
                SERIALIZER.serialize(new GlobalSequenceTrackingToken(9), byte[].class).getData(),
                GlobalSequenceTrackingToken.class.getName(),
                Instant.now().minus(CLAIM_TIMEOUT).minusSeconds(1).toString());
        ProcessorLag.Lag abandoned = lagOn(restarted);
        assertThat(abandoned.segmentsElsewhere()).as("a claim older than the time-out holds nothing").isZero();
        assertThat(abandoned.position()).isEqualTo(9);
        assertThat(abandoned.lag()).isEqualTo(EVENTS - 1 - 9);

        jdbc.update("UPDATE token_entry SET timestamp = ?", Instant.now().toString());
        assertThat(lagOn(restarted).segmentsElsewhere()).as("a live node's claim").isEqualTo(1);
        assertThat(lagOn(restarted).lag()).isZero();

        TrackingToken replaying = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(EVENTS - 1),
                new GlobalSequenceTrackingToken(19));
        jdbc.update("UPDATE token_entry SET token = ?, token_type = ?",
                SERIALIZER.serialize(replaying, byte[].class).getData(), ReplayToken.class.getName());
        ProcessorLag.Lag rebuilding = lagOn(restarted);
        assertThat(rebuilding.segmentsElsewhere()).as("a live node's claim on a segment it is replaying").isZero();
        assertThat(rebuilding.position()).isEqualTo(19);
        assertThat(rebuilding.lag()).as("the read model is being rebuilt: behind on every node").isEqualTo(EVENTS - 1 - 19);

        jdbc.update("UPDATE token_entry SET token = ?", SERIALIZER.serialize(
                ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(EVENTS - 1), null), byte[].class).getData());
        ProcessorLag.Lag fromTheStart = lagOn(restarted);
        assertThat(fromTheStart.position()).as("a replay from the start that has handled nothing yet").isEqualTo(-1);
        assertThat(fromTheStart.lag()).isEqualTo(EVENTS);
    }

    @Test
    void aProcessorWithoutTokens_isBehindByTheWholeStore() {
        ProcessorLag.Lag fresh = lagOn(processor("node-a"));

        assertThat(fresh.position()).isEqualTo(-1);
        assertThat(fresh.lag()).isEqualTo(EVENTS);
        assertThat(fresh.running()).isFalse();
    }

    private ProcessorLag.Lag lagOn(PooledStreamingEventProcessor processor) {
        ProcessorLag lag = new ProcessorLag(() -> Map.<String, EventProcessor>of("accounts", processor),
                JdbcClient.create(dataSource), SERIALIZER, CLAIM_TIMEOUT);
        ProcessorLag.Lags lags = lag.all();
        assertThat(lags.head()).isEqualTo(EVENTS - 1);
        return lags.processors().get("accounts");
    }

    private PooledStreamingEventProcessor start(String node) {
        return nodes.start(events, node, CLAIM_TIMEOUT);
    }

    private PooledStreamingEventProcessor processor(String node) {
        return nodes.build(events, node, CLAIM_TIMEOUT);
    }
}
