package io.tether.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import io.tether.command.account.CredentialReadLog.CredentialReadProperties;
import io.tether.eventing.EventStorePositions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The group commit of credential reads on a real event store (PostgreSQL, Axon's JDBC storage): every read recorded
 * once, in its stream's order, under any concurrency; at most {@code tether.credential-reads.appenders} appends at once; a
 * read that finds them all busy waits for one commit and then goes with every read waiting; a failed append fails its
 * own reads and no others; another node's append to a stream is noticed. The hash chain is not on this store (its
 * chain heads are moved by a stand-in): the end-to-end tests verify the chain of reads made through the API.
 */
class CredentialReadLogTest {

    private static final String STREAM_TYPE = "AccountCredentialReads";
    private static final String FAILING = "the read whose append fails";
    /** {@code tether.credential-reads.appenders}'s default. */
    private static final int APPENDERS = 2;

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static SpringTransactionManager transactions;
    private static EmbeddedEventStore store;

    /** The reads of each publish call, in order. */
    private final List<List<String>> appends = new CopyOnWriteArrayList<>();
    private final Semaphore appendsStarted = new Semaphore(0);
    private final AtomicInteger appendsUnderWay = new AtomicInteger();
    private final AtomicInteger mostAppendsAtOnce = new AtomicInteger();
    /** While set, each append waits for a permit before it goes to the store. */
    private volatile Semaphore heldAppends;
    private final List<Thread> readThreads = new CopyOnWriteArrayList<>();
    private EventStore gated;
    private CredentialReadLog readLog;

    @BeforeAll
    static void eventStore() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("credential-read-log")).start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        store = EmbeddedEventStore.builder().storageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.instance())
                .schema(EventSchema.builder().eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index").timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number").typeColumn("type").payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                        .build())
                .dataType(byte[].class)
                .build()).build();
        // A stand-in for the hash chain's interceptor: it moves each stream's chain head in the appending transaction.
        store.registerDispatchInterceptor(events -> (index, event) -> {
            if (event instanceof DomainEventMessage<?> domainEvent) {
                jdbc.sql("""
                                INSERT INTO event_chain_heads (aggregate_identifier, sequence_number, hash) VALUES (?, ?, 'stand-in')
                                ON CONFLICT (aggregate_identifier) DO UPDATE SET sequence_number = excluded.sequence_number""")
                        .params(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber())
                        .update();
            }
            return event;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        store.shutDown();
        postgres.close();
    }

    @BeforeEach
    void readLog() {
        gated = mock(EventStore.class, delegatesTo(store));
        doAnswer(invocation -> {
            List<? extends EventMessage<?>> events = invocation.getArgument(0);
            mostAppendsAtOnce.accumulateAndGet(appendsUnderWay.incrementAndGet(), Math::max);
            try {
                appends.add(events.stream().map(event -> (String) event.getPayload()).toList());
                appendsStarted.release();
                Semaphore held = heldAppends;
                if (held != null) {
                    held.acquire();
                }
                if (events.stream().anyMatch(event -> FAILING.equals(event.getPayload()))) {
                    throw new IllegalStateException("The database refused the append");
                }
                store.publish(events);
                return null;
            } finally {
                appendsUnderWay.decrementAndGet();
            }
        }).when(gated).publish(anyList());
        readLog = readLogWith(APPENDERS);
    }

    private CredentialReadLog readLogWith(int appenders) {
        return new CredentialReadLog(gated, transactions, mock(EventStorePositions.class), jdbc, Clock.systemUTC(),
                new CredentialReadProperties(appenders));
    }

    @AfterEach
    void letAppendsGo() {
        Semaphore held = heldAppends;
        heldAppends = null;
        if (held != null) {
            held.release(1_000);
        }
    }

    @Test
    void manyConcurrentReads_ofOneStreamAndOfMany_areEachRecordedOnce_inTheOrderEachWorkerMadeThem() throws Exception {
        UUID hot = UUID.randomUUID();
        List<UUID> spread = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            spread.add(UUID.randomUUID());
        }
        int workers = 32;
        int readsEach = 20;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int w = worker;
            done.add(pool.submit(() -> {
                start.await();
                for (int read = 0; read < readsEach; read++) {
                    UUID stream = w % 4 == 0 ? hot : spread.get((w * 7 + read) % spread.size());
                    record(stream, w + ":" + read);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        List<UUID> streams = new ArrayList<>(spread);
        streams.add(hot);
        List<String> recorded = new ArrayList<>();
        for (UUID stream : streams) {
            assertThat(sequencesOf(stream)).as("the sequence numbers of %s", stream)
                    .containsExactlyElementsOf(LongStream.range(0, sequencesOf(stream).size()).boxed().toList());
            List<String> reads = readsOf(stream);
            recorded.addAll(reads);
            for (int worker = 0; worker < workers; worker++) {
                String prefix = worker + ":";
                List<Integer> order = reads.stream().filter(read -> read.startsWith(prefix))
                        .map(read -> Integer.parseInt(read.substring(prefix.length()))).toList();
                assertThat(order).as("worker %d's reads of %s", worker, stream).isSorted();
            }
        }
        assertThat(recorded).hasSize(workers * readsEach).doesNotHaveDuplicates();
        assertThat(readsOf(hot)).hasSize(workers / 4 * readsEach);
        assertThat(mostAppendsAtOnce.get()).isBetween(1, APPENDERS);
        assertThat(appends.size()).as("appends, for %d reads", workers * readsEach).isLessThan(workers * readsEach);
    }

    @ParameterizedTest(name = "{0} appenders")
    @ValueSource(ints = {1, APPENDERS, 4})
    void aReadThatFindsEveryAppendBusy_goesAfterOneCommit_togetherWithAllTheReadsWaiting(int appenders) throws Exception {
        readLog = readLogWith(appenders);
        heldAppends = new Semaphore(0);
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (int i = 0; i < appenders; i++) {
            first.add(recordOnItsOwnThread(UUID.randomUUID(), "first " + i));
        }
        assertThat(appendsStarted.tryAcquire(appenders, 30, TimeUnit.SECONDS)).isTrue();
        UUID busyStream = UUID.randomUUID();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(waitingRead(i < 2 ? busyStream : UUID.randomUUID(), "waiting " + i));
        }
        assertThat(appends).as("the appends under way").hasSize(appenders);

        heldAppends.release();
        assertThat(appendsStarted.tryAcquire(30, TimeUnit.SECONDS)).isTrue();

        assertThat(appends).as("one append committed, and the next took every read waiting")
                .hasSize(appenders + 1)
                .last().asList().containsExactly("waiting 0", "waiting 1", "waiting 2", "waiting 3", "waiting 4", "waiting 5");
        heldAppends.release(1_000);
        CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(readsOf(busyStream)).containsExactly("waiting 0", "waiting 1");
    }

    @Test
    void aReadOfAStreamWhoseAppendIsUnderWay_waitsForIt_evenWithAnAppendFree() throws Exception {
        heldAppends = new Semaphore(0);
        UUID stream = UUID.randomUUID();
        CompletableFuture<Void> first = heldRead(stream, "first");
        CompletableFuture<Void> second = waitingRead(stream, "second");
        assertThat(appends).hasSize(1);

        heldAppends.release(1_000);
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        assertThat(readsOf(stream)).containsExactly("first", "second");
        assertThat(sequencesOf(stream)).containsExactly(0L, 1L);
    }

    @Test
    void aFailedAppend_failsExactlyItsReads_andTheirStreamsGoOnWithoutAGap() throws Exception {
        heldAppends = new Semaphore(0);
        UUID failingStream = UUID.randomUUID();
        UUID companionStream = UUID.randomUUID();
        List<CompletableFuture<Void>> busy = new ArrayList<>();
        for (int i = 0; i < APPENDERS; i++) {
            busy.add(recordOnItsOwnThread(UUID.randomUUID(), "busy " + i));
        }
        assertThat(appendsStarted.tryAcquire(APPENDERS, 30, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> failing = List.of(waitingRead(failingStream, FAILING),
                waitingRead(failingStream, "after it"), waitingRead(companionStream, "beside it"));

        heldAppends.release(1_000);

        for (CompletableFuture<Void> read : busy) {
            read.get(30, TimeUnit.SECONDS);
        }
        for (CompletableFuture<Void> read : failing) {
            assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("The database refused the append");
        }
        assertThat(appends.get(APPENDERS)).containsExactly(FAILING, "after it", "beside it");
        record(failingStream, "later");
        record(companionStream, "later");
        assertThat(readsOf(failingStream)).containsExactly("later");
        assertThat(sequencesOf(failingStream)).containsExactly(0L);
        assertThat(sequencesOf(companionStream)).containsExactly(0L);
    }

    @Test
    void anotherNodesAppendToAStream_isNoticed_andTheReadGoesAfterIt() {
        UUID stream = UUID.randomUUID();
        record(stream, "here");
        appendOnAnotherNode(stream, 1, "on another node");

        record(stream, "here again");

        assertThat(readsOf(stream)).containsExactly("here", "on another node", "here again");
        assertThat(sequencesOf(stream)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anotherNodeStartingTheSameStreamFirst_isNoticed_andTheReadGoesAfterIt() throws Exception {
        heldAppends = new Semaphore(0);
        UUID stream = UUID.randomUUID();
        CompletableFuture<Void> read = heldRead(stream, "here");
        appendOnAnotherNode(stream, 0, "on another node");

        heldAppends.release(1_000);
        read.get(30, TimeUnit.SECONDS);

        assertThat(readsOf(stream)).containsExactly("on another node", "here");
    }

    @Test
    void appendersOutsideOneToEight_areRefused_withTheSettingNamed() {
        assertThatThrownBy(() -> new CredentialReadProperties(0)).hasMessageContaining("tether.credential-reads.appenders");
        assertThatThrownBy(() -> new CredentialReadProperties(9)).hasMessageContaining("tether.credential-reads.appenders");
        assertThat(new CredentialReadProperties(8).appenders()).isEqualTo(8);
    }

    private static void appendOnAnotherNode(UUID stream, long sequence, String read) {
        DefaultUnitOfWork<?> otherNode = DefaultUnitOfWork.startAndGet(null);
        otherNode.attachTransaction(transactions);
        otherNode.executeWithResult(() -> {
            store.publish(new GenericDomainEventMessage<>(STREAM_TYPE, stream.toString(), sequence, read));
            return null;
        });
    }

    /** A read on a thread of its own, once its append has started (and is held there). */
    private CompletableFuture<Void> heldRead(UUID stream, String read) throws InterruptedException {
        CompletableFuture<Void> done = recordOnItsOwnThread(stream, read);
        assertThat(appendsStarted.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        return done;
    }

    /** A read on a thread of its own, once that thread waits (for an append, or held in one). */
    private CompletableFuture<Void> waitingRead(UUID stream, String read) {
        CompletableFuture<Void> done = recordOnItsOwnThread(stream, read);
        Thread thread = readThreads.get(readThreads.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> thread.getState() == Thread.State.WAITING);
        return done;
    }

    private CompletableFuture<Void> recordOnItsOwnThread(UUID stream, String read) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                record(stream, read);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, read);
        readThreads.add(thread);
        thread.start();
        return done;
    }

    private void record(UUID stream, String read) {
        readLog.record(stream, STREAM_TYPE, read, Map.of("actor", "worker"));
    }

    private static List<Long> sequencesOf(UUID stream) {
        return jdbc.sql("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(stream.toString()).query(Long.class).list();
    }

    private static List<String> readsOf(UUID stream) {
        return jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number""")
                .param(stream.toString()).query(String.class).list().stream()
                .map(json -> json.substring(1, json.length() - 1)).toList();
    }
}
