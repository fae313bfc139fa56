package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.eventing.BatchedWrites.Write;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

class BatchedWritesTest {

    private static final String INSERT = "INSERT";
    private static final String CONNECT = "CONNECT";
    private static final String DISCONNECT = "DISCONNECT";

    @Test
    void interleavedRows_shareTheirStatementsBatches() {
        List<List<Write>> batches = BatchedWrites.inBatches(List.of(
                write("a", INSERT), write("a", CONNECT),
                write("b", INSERT), write("b", CONNECT),
                write("c", INSERT)));

        assertThat(batches).extracting(BatchedWritesTest::describe)
                .containsExactly("INSERT a b c", "CONNECT a b");
    }

    @Test
    void aRowsWrites_keepTheirOrder_evenWhenThatTakesAnotherBatchOfTheSameStatement() {
        List<List<Write>> batches = BatchedWrites.inBatches(List.of(
                write("a", CONNECT), write("a", DISCONNECT), write("a", CONNECT),
                write("b", CONNECT)));

        assertThat(batches).extracting(BatchedWritesTest::describe)
                .containsExactly("CONNECT a", "DISCONNECT a", "CONNECT a b");
    }

    @Test
    void aWrite_joinsTheLatestBatchOfItsStatement_thatComesAfterItsRowsLastWrite() {
        List<List<Write>> batches = BatchedWrites.inBatches(List.of(
                write("a", INSERT), write("b", INSERT), write("b", CONNECT), write("b", DISCONNECT),
                write("c", INSERT), write("a", CONNECT), write("c", CONNECT)));

        assertThat(batches).extracting(BatchedWritesTest::describe)
                .containsExactly("INSERT a b c", "CONNECT b a c", "DISCONNECT b");
    }

    @Test
    void aRowsPendingWrite_isOfferedForFolding_onlyWhileItIsTheRowsLatestWrite_andOnlyInABatch() {
        BatchedWrites writes = new BatchedWrites(new NamedParameterJdbcTemplate(new JdbcTemplate()));
        assertThat(writes.pendingWrite("a", INSERT)).isEmpty();

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("created"));
        try {
            writes.add("a", INSERT, Map.of("status", "NEW"));
            writes.add("b", INSERT, Map.of("status", "NEW"));
            writes.add("b", CONNECT, Map.of("status", "CONNECTED"));

            assertThat(writes.pendingWrite("a", INSERT)).hasValueSatisfying(parameters ->
                    assertThat(parameters.getValue("status")).isEqualTo("NEW"));
            assertThat(writes.pendingWrite("a", CONNECT)).isEmpty();
            assertThat(writes.pendingWrite("b", INSERT)).isEmpty();
            assertThat(writes.pendingWrite("c", INSERT)).isEmpty();
        } finally {
            batch.rollback();
        }
    }

    @Test
    void whatAWriteAsksToRunAfterTheCommit_runsOnlyIfTheWriteChangedARow() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("batched-writes")).start()) {
            NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(postgres.getPostgresDatabase());
            jdbc.getJdbcTemplate().execute("CREATE TABLE queued (id text PRIMARY KEY)");
            BatchedWrites writes = new BatchedWrites(jdbc);
            String queueIfWanted = "INSERT INTO queued (id) SELECT CAST(:id AS text) WHERE CAST(:wanted AS boolean)";
            List<String> ran = new ArrayList<>();
            List<String> ranBeforeTheCommit = new ArrayList<>();

            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("noticed"));
            writes.add("a", queueIfWanted, Map.of("id", "a", "wanted", true), () -> ran.add("a"));
            writes.add("b", queueIfWanted, Map.of("id", "b", "wanted", false), () -> ran.add("b"));
            writes.add("c", queueIfWanted, Map.of("id", "c", "wanted", true), () -> ran.add("c"));
            batch.onCommit(unitOfWork -> ranBeforeTheCommit.addAll(ran));
            batch.commit();

            assertThat(ranBeforeTheCommit).isEmpty();
            assertThat(ran).as("after the commit, for the rows written").containsExactly("a", "c");

            DefaultUnitOfWork<?> alone = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("noticed"));
            writes.add("d", queueIfWanted, Map.of("id", "d", "wanted", false), () -> ran.add("d"));
            alone.commit();
            writes.add("e", queueIfWanted, Map.of("id", "e", "wanted", false), () -> ran.add("e"));
            writes.add("f", queueIfWanted, Map.of("id", "f", "wanted", true), () -> ran.add("f"));

            assertThat(ran).as("a batch of one write; outside a batch, at once").containsExactly("a", "c", "f");
            assertThat(jdbc.getJdbcTemplate().queryForList("SELECT id FROM queued ORDER BY id", String.class))
                    .containsExactly("a", "c", "f");
        }
    }

    @Test
    void aWriteThatChangesNoRow_runsItsCheckAsTheBatchIsWritten_whichFailsTheBatchIfItThrows() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("batched-writes")).start()) {
            NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(postgres.getPostgresDatabase());
            jdbc.getJdbcTemplate().execute("CREATE TABLE logged (id text PRIMARY KEY)");
            BatchedWrites writes = new BatchedWrites(jdbc);
            String logOnce = "INSERT INTO logged (id) VALUES (:id) ON CONFLICT DO NOTHING";
            List<String> checked = new ArrayList<>();

            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("logged"));
            writes.addExpectingARow("a", logOnce, Map.of("id", "a"), () -> checked.add("a"));
            writes.addExpectingARow("a2", logOnce, Map.of("id", "a"), () -> checked.add("a again"));
            batch.onCommit(unitOfWork -> checked.add("committed"));
            batch.commit();

            assertThat(checked).as("only the write that changed nothing, before the commit").containsExactly("a again", "committed");

            DefaultUnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("logged"));
            writes.addExpectingARow("a", logOnce, Map.of("id", "a"), () -> {
                throw new IllegalStateException("a was there");
            });
            failing.onCommit(unitOfWork -> checked.add("committed again"));

            assertThatThrownBy(failing::commit).isInstanceOf(IllegalStateException.class).hasMessage("a was there");
            assertThat(checked).doesNotContain("committed again");
            assertThatThrownBy(() -> writes.addExpectingARow("a", logOnce, Map.of("id", "a"), () -> {
                throw new IllegalStateException("at once");
            })).as("outside a batch, at once").hasMessage("at once");
        }
    }

    private static Write write(String row, String sql) {
        return new Write(row, sql, new EmptySqlParameterSource(), () -> { }, () -> { });
    }

    private static String describe(List<Write> batch) {
        StringBuilder text = new StringBuilder(batch.get(0).sql());
        batch.forEach(write -> text.append(' ').append(write.row()));
        return text.toString();
    }
}
