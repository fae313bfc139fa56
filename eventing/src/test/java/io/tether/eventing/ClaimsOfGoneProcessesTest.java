package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
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
 * A node restarted on its host after a crash finds the segment claims its previous process left, younger than the
 * claim time-out. It gives up those of a process of its host that no longer exists, before its processors start, and
 * so processes them at once; everyone else's claims stay until they time out.
 */
class ClaimsOfGoneProcessesTest {

    /** Long beside the test's waits: a claim that is not given up is not taken over while the test runs. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(1);
    private static final JacksonSerializer SERIALIZER = PooledProcessors.SERIALIZER;
    private static final String SELF = ManagementFactory.getRuntimeMXBean().getName();
    private static final String HOST = SELF.substring(SELF.indexOf('@') + 1);

    private PooledProcessors nodes;
    private DataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void tokenStore() throws Exception {
        nodes = new PooledProcessors("gone-claims");
        dataSource = nodes.dataSource;
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
    }

    @Test
    void onlyTheClaimsOfAGoneProcessOfThisHost_areGivenUp() {
        claim("accounts", 0, "200@host-a");
        claim("accounts", 1, "200@host-a");
        claim("audit-log", 0, "300@host-a");
        claim("notices", 0, "200@host-b");
        claim("consoles", 0, "node-x");
        claim("tools", 0, "100@host-a");
        claim("pages", 0, null);

        List<String> released = new ClaimsOfGoneProcesses(JdbcClient.create(dataSource), true, "100@host-a",
                pid -> pid == 300).release();

        assertThat(released).containsExactly("200@host-a");
        assertThat(owners()).containsExactly(
                "accounts/0=null", "accounts/1=null", // gone, on this host
                "audit-log/0=300@host-a", // alive on this host
                "consoles/0=node-x", // a node id of another form
                "notices/0=200@host-b", // another host's: nothing here can tell
                "pages/0=null",
                "tools/0=100@host-a"); // this process's own
    }

    @Test
    void aNodeIdOfAnotherForm_comparesWithNothing() {
        claim("accounts", 0, "200@host-a");

        assertThat(new ClaimsOfGoneProcesses(JdbcClient.create(dataSource), true, "node-a", pid -> false).release()).isEmpty();
        assertThat(owners()).containsExactly("accounts/0=200@host-a");
    }

    @Test
    void realProcesses_aGoneOnesClaimIsGivenUp_aLiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            claim("accounts", 0, gone.pid() + "@" + HOST);
            claim("audit-log", 0, live.pid() + "@" + HOST);

            new ClaimsOfGoneProcesses(JdbcClient.create(dataSource), new ProcessorProperties(1, CLAIM_TIMEOUT, 1000, true))
                    .afterSingletonsInstantiated();

            assertThat(owners()).containsExactly("accounts/0=null", "audit-log/0=" + live.pid() + "@" + HOST);
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void turnedOff_everyClaimWaitsForItsTimeOut() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        claim("accounts", 0, gone.pid() + "@" + HOST);

        new ClaimsOfGoneProcesses(JdbcClient.create(dataSource), new ProcessorProperties(1, CLAIM_TIMEOUT, 1000, false))
                .afterSingletonsInstantiated();

        assertThat(owners()).containsExactly("accounts/0=" + gone.pid() + "@" + HOST);
    }

    /**
     * The restart itself: the store has 50 events, the previous process's claim (9 processed) is a second old. Without
     * the claim given up the restarted processor cannot take the segment for a minute; with it, it processes to the
     * head at once.
     */
    @Test
    void aProcessorRestartedAfterItsProcessDied_takesItsSegmentAtOnce() throws Exception {
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        try {
            for (int index = 0; index < 50; index++) {
                events.publish(GenericEventMessage.asEventMessage("event " + index));
            }
            Process gone = new ProcessBuilder("true").start();
            assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
            claim("accounts", 0, gone.pid() + "@" + HOST);

            PooledStreamingEventProcessor before = nodes.start(events, null, CLAIM_TIMEOUT);
            await("the dead process's claim still holds the segment").during(Duration.ofMillis(1_500))
                    .atMost(Duration.ofSeconds(5)).until(() -> before.processingStatus().isEmpty());
            nodes.shutDown(before);

            new ClaimsOfGoneProcesses(JdbcClient.create(dataSource), new ProcessorProperties(1, CLAIM_TIMEOUT, 1000, true))
                    .afterSingletonsInstantiated();
            PooledStreamingEventProcessor restarted = nodes.start(events, null, CLAIM_TIMEOUT);

            await().atMost(Duration.ofSeconds(10)).until(() -> restarted.processingStatus().values().stream()
                    .anyMatch(status -> status.getCurrentPosition().orElse(-1) == 49));
            assertThat(owners()).containsExactly("accounts/0=" + SELF);
        } finally {
            events.shutDown();
        }
    }

    /** A claim taken a second ago, its token at position 9. */
    private void claim(String processor, int segment, String owner) {
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner) VALUES (?, ?, ?, ?, ?, ?)",
                processor, segment, SERIALIZER.serialize(new GlobalSequenceTrackingToken(9), byte[].class).getData(),
                GlobalSequenceTrackingToken.class.getName(), Instant.now().minusSeconds(1).toString(), owner);
    }

    private List<String> owners() {
        return jdbc.query("SELECT processor_name, segment, owner FROM token_entry ORDER BY processor_name, segment",
                (row, index) -> row.getString(1) + "/" + row.getInt(2) + "=" + row.getString(3));
    }
}
