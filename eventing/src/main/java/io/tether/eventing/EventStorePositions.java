package io.tether.eventing;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Where an aggregate's latest event sits in the event store, for read-your-writes. */
@Component
public class EventStorePositions {

    private final JdbcClient jdbc;

    EventStorePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long latestOf(UUID aggregateId) {
        // The aggregate's last event by the (aggregate, sequence) index: one row, however long the history.
        return jdbc.sql("""
                        SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number DESC LIMIT 1""")
                .param(aggregateId.toString())
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }
}
