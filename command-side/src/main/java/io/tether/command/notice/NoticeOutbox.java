package io.tether.command.notice;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.eventing.BatchedWrites;
import jakarta.annotation.Nullable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable outbox: one row per (endpoint, notice), claimed by the delivery on any node. A resource's
 * deliveries to an endpoint go out one at a time in the order of their ids (the order their events came
 * in), so a receiver sees each resource's notices in order, while different resources' go out side by
 * side, a few at a time per endpoint; a slow or failing endpoint holds up only its own.
 */
@Component
class NoticeOutbox {

    /**
     * A notice for every enabled endpoint that wants it: the organization's and the platform-wide ones,
     * registered before the notice's occurrence. Run again for the same notice, it adds nothing.
     */
    private static final String ENQUEUE = """
            INSERT INTO notice_deliveries (endpoint_id, notice_id, notice_type, organization_id, resource_id, body,
                                           occurred_at, state, next_attempt_at, created_at)
            SELECT e.id, :noticeId, CAST(:type AS text), CAST(:organizationId AS uuid), CAST(:resourceId AS uuid), :body,
                   CAST(:occurredAt AS timestamptz), 'PENDING', now(), now()
            FROM notice_endpoints e
            WHERE e.enabled
              AND (e.organization_id = CAST(:organizationId AS uuid) OR e.organization_id IS NULL)
              AND (e.notice_types IS NULL OR CAST(:type AS text) = ANY (e.notice_types))
              AND e.created_at <= CAST(:occurredAt AS timestamptz)
              AND e.id IS DISTINCT FROM CAST(:excludedEndpoint AS uuid)
            ORDER BY e.id
            ON CONFLICT (endpoint_id, notice_id) DO NOTHING""";

    /**
     * The due deliveries that no earlier pending delivery of the same endpoint and resource holds back (found
     * by sorting the pending rows once: a look-up per row was planned as a scan per row on a young table), at
     * most {@code :perEndpoint} under way per endpoint (counting the live claims of every node), the earliest
     * due first; a row another node is claiming right now is skipped, not waited for. An endpoint that is
     * failing gets only its oldest pending delivery, one at a time, until an attempt succeeds again.
     */
    private static final String CLAIM = """
            WITH heads AS (
                SELECT DISTINCT ON (endpoint_id, resource_id) id, endpoint_id, next_attempt_at, claimed_until
                FROM notice_deliveries WHERE state = 'PENDING'
                ORDER BY endpoint_id, resource_id, id),
            oldest AS (
                SELECT endpoint_id, min(id) AS id FROM notice_deliveries WHERE state = 'PENDING' GROUP BY endpoint_id),
            under_way AS (
                SELECT endpoint_id, count(*) AS attempts FROM notice_deliveries
                WHERE state = 'PENDING' AND claimed_until >= now()
                GROUP BY endpoint_id),
            ranked AS (
                SELECT h.id, row_number() OVER (PARTITION BY h.endpoint_id ORDER BY h.next_attempt_at, h.id)
                           + coalesce(u.attempts, 0) AS place
                FROM heads h JOIN notice_endpoints e ON e.id = h.endpoint_id
                     JOIN oldest o ON o.endpoint_id = h.endpoint_id
                     LEFT JOIN under_way u ON u.endpoint_id = h.endpoint_id
                WHERE e.enabled AND h.next_attempt_at <= now() AND (h.claimed_until IS NULL OR h.claimed_until < now())
                  AND (e.failing_since IS NULL OR h.id = o.id)),
            claimable AS (
                SELECT d.id FROM notice_deliveries d JOIN ranked r ON r.id = d.id
                WHERE r.place <= :perEndpoint
                  AND d.state = 'PENDING' AND (d.claimed_until IS NULL OR d.claimed_until < now())
                ORDER BY d.next_attempt_at, d.id
                LIMIT :limit
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE notice_deliveries d SET claimed_until = now() + CAST(:claimMillis AS double precision) * interval '1 millisecond'
            FROM claimable c, notice_endpoints e
            WHERE d.id = c.id AND e.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.notice_id, d.notice_type, d.body, d.attempts, d.claimed_until, d.occurred_at,
                      e.channel, e.url, e.slack_integration_id, e.slack_channel, e.slack_delivery, e.organization_id, e.signing_secret, e.previous_signing_secret, e.previous_secret_expires_at,
                      e.failing_since""";

    private final JdbcClient jdbc;
    private final BatchedWrites batchedWrites;

    NoticeOutbox(JdbcClient jdbc, BatchedWrites batchedWrites) {
        this.jdbc = jdbc;
        this.batchedWrites = batchedWrites;
    }

    /** In the notices processor's batch: written with its token. */
    void enqueue(Notice notice) {
        batchedWrites.add(notice.id(), ENQUEUE, parameters(notice, null));
    }

    /** At once, for every endpoint but one: the notice that this one was disabled. */
    void enqueueExcept(Notice notice, UUID excludedEndpoint) {
        jdbc.sql(ENQUEUE).params(parameters(notice, excludedEndpoint)).update();
    }

    private static Map<String, Object> parameters(Notice notice, UUID excludedEndpoint) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("noticeId", notice.id());
        parameters.put("type", notice.type().wireName());
        parameters.put("organizationId", notice.organizationId());
        parameters.put("resourceId", notice.resourceId());
        parameters.put("body", notice.body());
        parameters.put("occurredAt", Timestamp.from(notice.occurredAt()));
        parameters.put("excludedEndpoint", excludedEndpoint);
        return parameters;
    }

    /** A delivery this node may attempt until {@code claimedUntil}, with what its attempt needs of its endpoint. */
    record Claimed(long id, UUID endpointId, String noticeId, String noticeType, String body, int attempts,
                   Timestamp claimedUntil, Instant occurredAt, String channel, String url, UUID slackIntegrationId,
                   String slackChannel, String slackDelivery, UUID organizationId, String signingSecret,
                   String previousSigningSecret, Instant previousSecretExpiresAt, Instant failingSince) {

        @Override
        public String toString() {
            return "Claimed[id=" + id + ", endpoint=" + endpointId + ", notice=" + noticeId + ", secrets=<sealed>]";
        }
    }

    @Transactional
    public List<Claimed> claim(int limit, int perEndpoint, Duration claimTimeout) {
        return jdbc.sql(CLAIM)
                .param("limit", limit)
                .param("perEndpoint", perEndpoint)
                .param("claimMillis", claimTimeout.toMillis())
                .query((rs, row) -> new Claimed(rs.getLong("id"), rs.getObject("endpoint_id", UUID.class),
                        rs.getString("notice_id"), rs.getString("notice_type"), rs.getString("body"), rs.getInt("attempts"),
                        rs.getTimestamp("claimed_until"), instant(rs, "occurred_at"), rs.getString("channel"),
                        rs.getString("url"), rs.getObject("slack_integration_id", UUID.class), rs.getString("slack_channel"),
                        rs.getString("slack_delivery"), rs.getObject("organization_id", UUID.class), rs.getString("signing_secret"),
                        rs.getString("previous_signing_secret"), instant(rs, "previous_secret_expires_at"),
                        instant(rs, "failing_since")))
                .list();
    }

    /** What one attempt got: a status and the start of the answer, or no answer and why. */
    record Attempt(Instant at, Integer status, long latencyMillis, String response, String error) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300 && error == null;
        }

        boolean gone() {
            return status != null && status == 410;
        }
    }

    /**
     * Records the attempt, and the delivery's next state: delivered, due again after {@code retryAfter},
     * or given up when that is empty. Nothing when the claim was lost meanwhile (it outlived its time-out
     * and another node took the delivery): that node records its own attempt.
     *
     * @return whether the claim was still this attempt's
     */
    @Transactional
    public boolean record(Claimed claimed, Attempt attempt, Optional<Duration> retryAfter) {
        String state = attempt.succeeded() ? "DELIVERED" : retryAfter.isPresent() || attempt.gone() ? "PENDING" : "FAILED";
        int updated = jdbc.sql("""
                        UPDATE notice_deliveries
                        SET state = :state, attempts = attempts + 1, claimed_until = NULL,
                            delivered_at = CASE WHEN :state = 'DELIVERED' THEN :at ELSE delivered_at END,
                            next_attempt_at = now() + CAST(:retryMillis AS double precision) * interval '1 millisecond'
                        WHERE id = :id AND claimed_until = :claimedUntil AND state = 'PENDING'""")
                .param("state", state)
                .param("at", Timestamp.from(attempt.at()))
                .param("retryMillis", retryAfter.map(Duration::toMillis).orElse(0L))
                .param("id", claimed.id())
                .param("claimedUntil", claimed.claimedUntil())
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO notice_attempts (delivery_id, endpoint_id, attempted_at, status, latency_ms, response, error)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(claimed.id(), claimed.endpointId(), Timestamp.from(attempt.at()), attempt.status(),
                        (int) Math.min(Integer.MAX_VALUE, attempt.latencyMillis()), attempt.response(), attempt.error())
                .update();
        return true;
    }

    /** Due again at once, with the same notice id, whatever became of it. */
    int retry(UUID endpointId, long deliveryId) {
        return jdbc.sql("""
                        UPDATE notice_deliveries SET state = 'PENDING', next_attempt_at = now(), claimed_until = NULL
                        WHERE endpoint_id = ? AND id = ?""")
                .params(endpointId, deliveryId)
                .update();
    }

    /** Every delivery of notices that occurred in [since, until) due again, in their first order. */
    int replay(UUID endpointId, Instant since, Instant until) {
        return jdbc.sql("""
                        UPDATE notice_deliveries SET state = 'PENDING', next_attempt_at = now(), claimed_until = NULL
                        WHERE endpoint_id = ? AND occurred_at >= ? AND occurred_at < ?""")
                .params(endpointId, Timestamp.from(since), Timestamp.from(until))
                .update();
    }

    @Schema(name = "NoticeDelivery")
    record DeliveryView(long id, String noticeId, String noticeType, @Nullable UUID resourceId, String state, int attempts,
                        Instant occurredAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt) {
    }

    List<DeliveryView> deliveries(UUID endpointId, int limit) {
        return jdbc.sql("""
                        SELECT id, notice_id, notice_type, resource_id, state, attempts, occurred_at, next_attempt_at, delivered_at
                        FROM notice_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?""")
                .params(endpointId, limit)
                .query((rs, row) -> new DeliveryView(rs.getLong("id"), rs.getString("notice_id"), rs.getString("notice_type"),
                        rs.getObject("resource_id", UUID.class), rs.getString("state"), rs.getInt("attempts"),
                        instant(rs, "occurred_at"), "PENDING".equals(rs.getString("state")) ? instant(rs, "next_attempt_at") : null,
                        instant(rs, "delivered_at")))
                .list();
    }

    @Schema(name = "NoticeAttempt")
    record AttemptView(long deliveryId, String noticeId, Instant attemptedAt, @Nullable Integer status, int latencyMs,
                       @Nullable String response, @Nullable String error) {
    }

    List<AttemptView> attempts(UUID endpointId, int limit) {
        return jdbc.sql("""
                        SELECT a.delivery_id, d.notice_id, a.attempted_at, a.status, a.latency_ms, a.response, a.error
                        FROM notice_attempts a JOIN notice_deliveries d ON d.id = a.delivery_id
                        WHERE a.endpoint_id = ? ORDER BY a.id DESC LIMIT ?""")
                .params(endpointId, limit)
                .query((rs, row) -> new AttemptView(rs.getLong("delivery_id"), rs.getString("notice_id"),
                        instant(rs, "attempted_at"), (Integer) rs.getObject("status"), rs.getInt("latency_ms"),
                        rs.getString("response"), rs.getString("error")))
                .list();
    }

    /** Forgets deliveries done (delivered or given up) before {@code doneBefore}, with their attempts. */
    int prune(Instant doneBefore) {
        return jdbc.sql("""
                        DELETE FROM notice_deliveries
                        WHERE state <> 'PENDING' AND coalesce(delivered_at, next_attempt_at) < ?""")
                .param(Timestamp.from(doneBefore))
                .update();
    }

    long pending() {
        return jdbc.sql("SELECT count(*) FROM notice_deliveries WHERE state = 'PENDING'").query(Long.class).single();
    }

    /** Seconds since the oldest pending delivery was written; 0 when none is pending. */
    double oldestPendingAgeSeconds() {
        return jdbc.sql("""
                        SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)
                        FROM notice_deliveries WHERE state = 'PENDING'""")
                .query(Double.class).single();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
