package io.tether.command.credentials;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shreddings asked for and not yet confirmed by the key store, with why the last attempt failed, written in a
 * transaction of their own so that they stay on record whatever happens to the caller's. Counted by the gauge
 * {@code tether.credentials.shreddings.pending} and shown by the {@code shredding} health component.
 */
@Repository
public class PendingShreddings {

    /** One pending shredding: whose key, why the last attempt failed, how many failed, since when. */
    public record Pending(UUID ownerId, String reason, int attempts, Instant firstFailedAt, Instant lastFailedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    PendingShreddings(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        Gauge.builder("tether.credentials.shreddings.pending", this::count)
                .description("Deleted accounts and integrations whose key the key store has not confirmed destroyed")
                .register(meters);
    }

    /** Another attempt to destroy the owner's key that the key store did not confirm, and why (a problem code). */
    public void failed(UUID ownerId, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO pending_shreddings (owner_id, reason, attempts, first_failed_at, last_failed_at)
                        VALUES (?, ?, 1, ?, ?)
                        ON CONFLICT (owner_id) DO UPDATE
                        SET reason = EXCLUDED.reason, attempts = pending_shreddings.attempts + 1,
                            last_failed_at = EXCLUDED.last_failed_at""")
                .params(ownerId, reason, now, now).update());
    }

    /** The owner's key is confirmed destroyed (or was never there): nothing is pending for it any more. */
    public void confirmed(UUID ownerId) {
        ownTransaction.executeWithoutResult(status ->
                jdbc.sql("DELETE FROM pending_shreddings WHERE owner_id = ?").param(ownerId).update());
    }

    public List<Pending> oldest(int limit) {
        return jdbc.sql("SELECT owner_id, reason, attempts, first_failed_at, last_failed_at FROM pending_shreddings"
                        + " ORDER BY first_failed_at LIMIT ?")
                .param(limit)
                .query((row, n) -> new Pending(row.getObject("owner_id", UUID.class), row.getString("reason"),
                        row.getInt("attempts"), row.getTimestamp("first_failed_at").toInstant(),
                        row.getTimestamp("last_failed_at").toInstant()))
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM pending_shreddings").query(Long.class).single();
    }
}
