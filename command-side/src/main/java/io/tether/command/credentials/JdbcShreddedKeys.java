package io.tether.command.credentials;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcShreddedKeys implements ShreddedKeys {

    private final JdbcClient jdbc;

    JdbcShreddedKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(UUID ownerId) {
        jdbc.sql("INSERT INTO shredded_keys (owner_id) VALUES (?) ON CONFLICT DO NOTHING").param(ownerId).update();
    }

    @Override
    public boolean contains(UUID ownerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM shredded_keys WHERE owner_id = ?)").param(ownerId)
                .query(Boolean.class).single();
    }
}
