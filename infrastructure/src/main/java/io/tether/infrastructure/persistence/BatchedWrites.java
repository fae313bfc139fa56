package io.tether.infrastructure.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * writes would not see the writes still pending.
 */
@Component
public class BatchedWrites {

    private static final String PENDING = BatchedWrites.class.getName() + ".pending";

    private final NamedParameterJdbcTemplate jdbc;

    BatchedWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Object row, String sql, Map<String, ?> parameters) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, parameters);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Write> pending = batch.getOrComputeResource(PENDING, key -> {
            List<Write> writes = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> flush(writes));
            return writes;
        });
        pending.add(new Write(row, sql, new MapSqlParameterSource(parameters)));
    }

    private void flush(List<Write> writes) {
        for (List<Write> batch : inBatches(writes)) {
            if (batch.size() == 1) {
                jdbc.update(batch.get(0).sql(), batch.get(0).parameters());
            } else {
                jdbc.batchUpdate(batch.get(0).sql(), batch.stream().map(Write::parameters).toArray(SqlParameterSource[]::new));
            }
        }
        writes.clear();
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

    record Write(Object row, String sql, SqlParameterSource parameters) {
    }
}
