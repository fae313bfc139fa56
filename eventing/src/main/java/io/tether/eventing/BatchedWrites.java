package io.tether.eventing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * A read model's writes for one batch of events, sent to PostgreSQL when the batch's transaction is
 * about to commit, as JDBC batches of the same SQL. Each write names the row it changes; a write may
 * join an earlier batch of its SQL as long as that does not move it before an earlier write to the
 * same row, so the writes of one row keep their order while those of different rows (a create here,
 * a connect there) no longer break each other's batches. A replay then costs a round trip per batch
 * and statement shape instead of one per event, and the writes still commit together with the
 * processor's token. Outside a unit of work a write runs at once.
 *
 * <p>Only for writes that nothing in the same batch reads back: a handler that queries the table it
 * writes would not see the writes still pending. A statement may read what an earlier write of the same row
 * wrote (the audit log's entry reads the owner its aggregate's first entry recorded): the row's writes keep
 * their order, statement after statement.
 */
@Component
public class BatchedWrites {

    private static final String PENDING = BatchedWrites.class.getName() + ".pending";
    private static final Runnable NOTHING = () -> { };

    private final NamedParameterJdbcTemplate jdbc;

    BatchedWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Object row, String sql, Map<String, ?> parameters) {
        add(row, sql, parameters, NOTHING);
    }

    /**
     * The same, and {@code ifWritten} runs once the batch has committed, only if this write changed a row (an
     * {@code INSERT ... SELECT} that selected nothing did not); at once outside a unit of work.
     */
    public void add(Object row, String sql, Map<String, ?> parameters, Runnable ifWritten) {
        add(row, sql, parameters, ifWritten, NOTHING);
    }

    /**
     * A write that should change a row: when it changes none, {@code ifNothingWritten} runs in the batch's transaction
     * as the batch is written, before the commit (at once outside a unit of work), and fails the batch if it throws.
     */
    public void addExpectingARow(Object row, String sql, Map<String, ?> parameters, Runnable ifNothingWritten) {
        add(row, sql, parameters, NOTHING, ifNothingWritten);
    }

    private void add(Object row, String sql, Map<String, ?> parameters, Runnable ifWritten, Runnable ifNothingWritten) {
        if (!CurrentUnitOfWork.isStarted()) {
            if (jdbc.update(sql, parameters) != 0) {
                ifWritten.run();
            } else {
                ifNothingWritten.run();
            }
            return;
        }
        pending().add(new Write(row, sql, new MapSqlParameterSource(parameters), ifWritten, ifNothingWritten));
    }

    /**
     * The parameters of the row's latest write still pending in this batch, if that write is {@code sql},
     * so that a later change of the row can be folded into it: one row written once instead of twice.
     * Empty outside a unit of work, or when the row's latest pending write is another statement.
     */
    public Optional<MapSqlParameterSource> pendingWrite(Object row, String sql) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        Write latest = pending().latestOfRow.get(row);
        return latest != null && latest.sql().equals(sql) && latest.parameters() instanceof MapSqlParameterSource parameters
                ? Optional.of(parameters)
                : Optional.empty();
    }

    private Pending pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            Pending writes = new Pending();
            batch.onPrepareCommit(unitOfWork -> {
                Set<Runnable> written = flush(writes);
                if (!written.isEmpty()) {
                    unitOfWork.afterCommit(committed -> written.forEach(Runnable::run));
                }
            });
            return writes;
        });
    }

    /** Writes the pending writes; what is to run after the commit for those that changed a row. */
    private Set<Runnable> flush(Pending pending) {
        Set<Runnable> written = new LinkedHashSet<>();
        for (List<Write> batch : inBatches(pending.writes)) {
            int[] rows = batch.size() == 1
                    ? new int[] {jdbc.update(batch.get(0).sql(), batch.get(0).parameters())}
                    : jdbc.batchUpdate(batch.get(0).sql(), batch.stream().map(Write::parameters).toArray(SqlParameterSource[]::new));
            for (int i = 0; i < batch.size(); i++) {
                // A driver that does not count a batch's rows (SUCCESS_NO_INFO) may have written some.
                if (rows[i] == 0) {
                    batch.get(i).ifNothingWritten().run();
                } else if (batch.get(i).ifWritten() != NOTHING) {
                    written.add(batch.get(i).ifWritten());
                }
            }
        }
        pending.writes.clear();
        pending.latestOfRow.clear();
        return written;
    }

    /** The writes grouped by SQL, in an order that keeps each row's writes in the order they came. */
    static List<List<Write>> inBatches(List<Write> writes) {
        List<List<Write>> batches = new ArrayList<>();
        Map<String, Integer> lastBatchOfSql = new HashMap<>();
        Map<Object, Integer> lastBatchOfRow = new HashMap<>();
        for (Write write : writes) {
            Integer batch = lastBatchOfSql.get(write.sql());
            if (batch == null || batch < lastBatchOfRow.getOrDefault(write.row(), -1)) {
                batch = batches.size();
                batches.add(new ArrayList<>());
                lastBatchOfSql.put(write.sql(), batch);
            }
            batches.get(batch).add(write);
            lastBatchOfRow.put(write.row(), batch);
        }
        return batches;
    }

    record Write(Object row, String sql, SqlParameterSource parameters, Runnable ifWritten, Runnable ifNothingWritten) {
    }

    /** A batch's writes in the order they came, and each row's latest. */
    private static final class Pending {

        private final List<Write> writes = new ArrayList<>();
        private final Map<Object, Write> latestOfRow = new HashMap<>();

        void add(Write write) {
            writes.add(write);
            latestOfRow.put(write.row(), write);
        }
    }
}
