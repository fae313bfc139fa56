package io.tether.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.infrastructure.audit.HashChain.EventFacts;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier streams the event store: it asks PostgreSQL's driver for a cursor (auto-commit off, a fetch size),
 * and keeps no event once checked. A stand-in connection hands out 50,000 events with valid chains, made one at a
 * time as the verifier asks for them, and watches each one's payload through a weak reference: when the last row
 * is asked for, after collecting garbage, no more events are alive than one fetch holds, whatever the count.
 */
class DigestVerifierStreamingTest {

    private static final int EVENTS = 50_000;
    private static final int EVENTS_PER_AGGREGATE = 100;
    private static final int FETCH = 1_000;

    @TempDir
    Path noDigests;

    @Test
    void verifyingTheStore_holdsNoMoreEventsThanOneFetch_whateverTheirNumber() throws Exception {
        GeneratedStore store = new GeneratedStore();

        DigestVerifier.Report report = DigestVerifier.verify(noDigests, null, store.connection());

        assertThat(report.findings()).isEmpty();
        assertThat(report.eventsChecked()).isEqualTo(EVENTS);
        assertThat(report.aggregatesChecked()).isEqualTo(EVENTS / EVENTS_PER_AGGREGATE);
        assertThat(store.autoCommitAtQuery).as("the driver streams only inside a transaction").isFalse();
        assertThat(store.fetchSizeAtQuery).isEqualTo(FETCH);
        assertThat(store.aliveAtTheEnd).as("events still reachable when the last row was asked for")
                .isLessThanOrEqualTo(FETCH);
    }

    /** A connection whose one query answers generated events, with their links, one row at a time. */
    private static final class GeneratedStore {

        private final List<WeakReference<byte[]>> handedOut = new ArrayList<>(EVENTS);
        private boolean autoCommit = true;
        private Boolean autoCommitAtQuery;
        private int fetchSize;
        private Integer fetchSizeAtQuery;
        private int aliveAtTheEnd = -1;

        private int row = -1;
        private String aggregate;
        private String link;
        private EventFacts current;

        Connection connection() {
            return proxy(Connection.class, (method, args) -> switch (method) {
                case "getAutoCommit" -> autoCommit;
                case "setAutoCommit" -> {
                    autoCommit = (Boolean) args[0];
                    yield null;
                }
                case "prepareStatement" -> statement();
                default -> null;
            });
        }

        private PreparedStatement statement() {
            return proxy(PreparedStatement.class, (method, args) -> switch (method) {
                case "setFetchSize" -> {
                    fetchSize = (Integer) args[0];
                    yield null;
                }
                case "executeQuery" -> {
                    autoCommitAtQuery = autoCommit;
                    fetchSizeAtQuery = fetchSize;
                    yield results();
                }
                default -> null;
            });
        }

        private ResultSet results() {
            return proxy(ResultSet.class, (method, args) -> switch (method) {
                case "next" -> next();
                case "getLong" -> (Integer) args[0] == 1 ? (long) row : current.sequenceNumber();
                case "getString" -> switch ((Integer) args[0]) {
                    case 2 -> current.eventId();
                    case 3 -> current.aggregateId();
                    case 5 -> current.payloadType();
                    case 6 -> current.timestamp().toString();
                    default -> throw new IllegalArgumentException("column " + args[0]);
                };
                case "getBytes" -> (Integer) args[0] == 7 ? current.payloadJson() : current.metadataJson();
                default -> null;
            });
        }

        private boolean next() {
            row++;
            if (row == EVENTS) {
                current = null;
                aliveAtTheEnd = alive();
                return false;
            }
            long sequence = row % EVENTS_PER_AGGREGATE;
            if (sequence == 0) {
                aggregate = UUID.randomUUID().toString();
                link = HashChain.GENESIS;
            }
            byte[] payload = ("{\"accountId\":\"" + aggregate + "\",\"errorMessage\":\"event " + row + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            EventFacts unlinked = new EventFacts(aggregate, sequence, UUID.randomUUID().toString(),
                    "io.tether.api.account.AccountMarkedFailedEvent", Instant.ofEpochMilli(1_700_000_000_000L + row),
                    payload, "{\"actor\":\"alice\"}".getBytes(StandardCharsets.UTF_8));
            link = HashChain.link(link, unlinked);
            current = new EventFacts(unlinked.aggregateId(), sequence, unlinked.eventId(), unlinked.payloadType(),
                    unlinked.timestamp(), payload,
                    ("{\"actor\":\"alice\",\"hash\":\"" + link + "\"}").getBytes(StandardCharsets.UTF_8));
            handedOut.add(new WeakReference<>(payload));
            return true;
        }

        /** How many handed-out payloads are still reachable, once the collector has had its chances. */
        private int alive() {
            int alive = EVENTS;
            for (int attempt = 0; attempt < 5 && alive > FETCH; attempt++) {
                System.gc();
                alive = (int) handedOut.stream().filter(reference -> reference.get() != null).count();
            }
            return alive;
        }
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args)));
    }
}
