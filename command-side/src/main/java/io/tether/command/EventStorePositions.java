package io.tether.command;

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
        return jdbc.sql("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregateId.toString())
                .query(Long.class)
                .single();
    }
}
