package io.tether.command.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.infrastructure.DataDirectory;
import io.tether.infrastructure.audit.AuditDigests;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands each digest to every sink, in order and none skipped: a sink that fails keeps its place and is tried
 * again at the next check, the digest it failed on first. The gauge {@code tether.audit.digests.undelivered}
 * (per sink) counts the digests a sink has not received.
 */
@Component
class DigestDeliveries {

    private static final Logger log = LoggerFactory.getLogger(DigestDeliveries.class);

    private final JdbcClient jdbc;
    private final List<DigestSink> sinks;
    private final Clock clock;

    DigestDeliveries(JdbcClient jdbc, AuditDigestProperties properties, DataDirectory dataDirectory, Clock tetherClock,
                     MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = tetherClock;
        List<DigestSink> configured = new ArrayList<>();
        if (properties.writesToDirectory()) {
            configured.add(new DirectorySink(properties.directoryOr(dataDirectory.resolve("audit-digests"))));
        }
        if (properties.httpEndpoint() != null && !properties.httpEndpoint().toString().isBlank()) {
            configured.add(new HttpSink(properties.httpEndpoint(), properties.httpTimeout()));
        }
        this.sinks = List.copyOf(configured);
        for (DigestSink sink : sinks) {
            Gauge.builder("tether.audit.digests.undelivered", () -> undelivered(sink.name()))
                    .description("Audit digests written but not yet received by the sink")
                    .tag("sink", sink.name())
                    .register(meters);
        }
    }

    /** A sink's delivery, as the health component shows it. */
    record SinkLag(String sink, long undelivered, Instant oldestUndeliveredAt, int failedAttempts, String lastError) {
    }

    /** Every sink up to the newest digest, as far as each gets. */
    void deliverPending() {
        for (DigestSink sink : sinks) {
            jdbc.sql("INSERT INTO audit_digest_deliveries (sink) VALUES (?) ON CONFLICT (sink) DO NOTHING")
                    .param(sink.name()).update();
            long delivered = deliveredUpTo(sink.name());
            for (Pending digest : pendingAfter(delivered)) {
                try {
                    sink.deliver(digest.number(), digest.document(), AuditDigests.signingKey(AuditDigests.read(digest.document())));
                } catch (IOException | RuntimeException e) {
                    log.warn("Audit digest {} not delivered to the {} sink; tried again in the next check: {}",
                            digest.number(), sink.name(), e.getMessage());
                    jdbc.sql("""
                                    UPDATE audit_digest_deliveries
                                    SET failed_attempts = failed_attempts + 1, last_error = ?, last_attempt_at = ?
                                    WHERE sink = ?""")
                            .params(String.valueOf(e.getMessage()), Timestamp.from(clock.instant()), sink.name())
                            .update();
                    break;
                }
                jdbc.sql("""
                                UPDATE audit_digest_deliveries
                                SET delivered_up_to = ?, failed_attempts = 0, last_error = NULL, last_attempt_at = ?
                                WHERE sink = ? AND delivered_up_to < ?""")
                        .params(digest.number(), Timestamp.from(clock.instant()), sink.name(), digest.number())
                        .update();
            }
        }
    }

    List<SinkLag> lags() {
        return sinks.stream().map(sink -> {
            long delivered = deliveredUpTo(sink.name());
            Optional<Instant> oldest = jdbc.sql("SELECT min(created_at) FROM audit_digests WHERE number > ?")
                    .param(delivered)
                    .query((row, i) -> Optional.ofNullable(row.getTimestamp(1)).map(Timestamp::toInstant))
                    .single();
            return jdbc.sql("SELECT failed_attempts, last_error FROM audit_digest_deliveries WHERE sink = ?")
                    .param(sink.name())
                    .query((row, i) -> new SinkLag(sink.name(), undelivered(sink.name()), oldest.orElse(null),
                            row.getInt(1), row.getString(2)))
                    .optional()
                    .orElse(new SinkLag(sink.name(), undelivered(sink.name()), oldest.orElse(null), 0, null));
        }).toList();
    }

    private long undelivered(String sink) {
        long delivered = deliveredUpTo(sink);
        return jdbc.sql("SELECT count(*) FROM audit_digests WHERE number > ?").param(delivered).query(Long.class).single();
    }

    private long deliveredUpTo(String sink) {
        return jdbc.sql("SELECT delivered_up_to FROM audit_digest_deliveries WHERE sink = ?")
                .param(sink).query(Long.class).optional().orElse(0L);
    }

    private List<Pending> pendingAfter(long delivered) {
        return jdbc.sql("SELECT number, document FROM audit_digests WHERE number > ? ORDER BY number LIMIT 100")
                .param(delivered)
                .query((row, i) -> new Pending(row.getLong(1), row.getBytes(2)))
                .list();
    }

    private record Pending(long number, byte[] document) {
    }
}
