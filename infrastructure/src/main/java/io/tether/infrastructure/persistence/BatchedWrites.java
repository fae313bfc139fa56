package io.tether.infrastructure.persistence;

import java.util.ArrayList;
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
 * about to commit: consecutive writes with the same SQL go as one JDBC batch. A replay then costs a
 * round trip per batch and statement shape instead of one per event, and the writes still commit
 * together with the processor's token. Outside a unit of work a write runs at once.
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

    public void add(String sql, Map<String, ?> parameters) {
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
        pending.add(new Write(sql, new MapSqlParameterSource(parameters)));
    }

    private void flush(List<Write> writes) {
        int start = 0;
        while (start < writes.size()) {
            String sql = writes.get(start).sql();
            int end = start;
            while (end < writes.size() && writes.get(end).sql().equals(sql)) {
                end++;
            }
            if (end - start == 1) {
                jdbc.update(sql, writes.get(start).parameters());
            } else {
                jdbc.batchUpdate(sql, writes.subList(start, end).stream().map(Write::parameters)
                        .toArray(SqlParameterSource[]::new));
            }
            start = end;
        }
        writes.clear();
    }

    private record Write(String sql, SqlParameterSource parameters) {
    }
}
