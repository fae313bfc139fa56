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
     * Per enabled endpoint, walking its pending deliveries in id order ({@code notice_deliveries_pending}), at
     * most {@code :window} of them ({@code tether.notices.claim-window}, the bound on a claim's work per endpoint
     * whatever the backlog: deliveries beyond it wait until the ones before them are done; only a resource with more
     * than this many pending notices behind one under way or waiting for a retry can hold them there): the due ones
     * not under way that no earlier pending delivery of the same endpoint and resource holds back (one look-up in
     * {@code notice_deliveries_pending_by_resource} each, written as a sub-query of its own so that no plan can
     * turn it into a join that reads the endpoint's every pending row, as a {@code NOT EXISTS} was planned on a
     * young table), as
     * many as the endpoint has free places under {@code :perEndpoint} (counting the live claims of every node,
     * from {@code notice_deliveries_under_way}); an endpoint that is failing gets only its oldest pending
     * delivery, one at a time, until an attempt succeeds again. Of those, the earliest due first, at most
     * {@code :limit}; a row another node is claiming right now is skipped, not waited for, and as the places
     * were counted before the locks, two nodes claiming at once take the same rows and one of them skips them.
     * The work grows with the endpoints and what they claim, not with the pending rows. The candidates are
     * found once (an array, evaluated before the rest) and then locked by their ids. As a join, a plan made on
     * statistics older than a replay (which turns thousands of delivered rows back to pending while the statistics
     * still count none) put every pending row outside and looked for the candidates again for each one: 114,002 pages
     * for one claim of 3,000 pending in a test, seconds per claim in the benchmark's drain, until autovacuum analyzed
     * the table.
     */
    static final String CLAIM = """
            WITH endpoints AS (
                SELECT e.id, e.failing_since IS NOT NULL AS failing,
                       :perEndpoint - (SELECT count(*) FROM notice_deliveries u
                                       WHERE u.endpoint_id = e.id AND u.state = 'PENDING' AND u.claimed_until IS NOT NULL
                                         AND u.claimed_until >= now()) AS free
                FROM notice_endpoints e WHERE e.enabled),
            candidates AS (
                SELECT c.id
                FROM endpoints e CROSS JOIN LATERAL (
                    SELECT w.id
                    FROM (SELECT d.id, d.resource_id, d.next_attempt_at, d.claimed_until FROM notice_deliveries d
                          WHERE d.endpoint_id = e.id AND d.state = 'PENDING'
                          ORDER BY d.id
                          LIMIT CASE WHEN e.failing THEN 1 ELSE :window END) w
                    WHERE w.next_attempt_at <= now() AND (w.claimed_until IS NULL OR w.claimed_until < now())
                      AND w.id = (SELECT min(p.id) FROM notice_deliveries p
                                  WHERE p.endpoint_id = e.id AND p.resource_id = w.resource_id AND p.state = 'PENDING')
                    ORDER BY w.id
                    LIMIT greatest(e.free, 0)) c
                WHERE e.free > 0),
            claimable AS (
                SELECT d.id FROM notice_deliveries d
                WHERE d.id = ANY (ARRAY(SELECT c.id FROM candidates c))
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

    /**
     * In the notices processor's batch: written with its token; {@code whenQueued} runs once the batch has committed,
     * only if an endpoint wants the notice (a delivery was queued).
     */
    void enqueue(Notice notice, Runnable whenQueued) {
        batchedWrites.add(notice.id(), ENQUEUE, parameters(notice, null), whenQueued);
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

    /**
     * Its commit does not wait for the disk ({@code synchronous_commit} off for this transaction): a claim that a
     * crash of PostgreSQL loses leaves its deliveries claimable at once rather than after the claim's time-out, and
     * loses no attempt's record, as an attempt is recorded by a commit that waits for the disk and with it for
     * everything written before it, the claim included. One fsync less per delivery, on the one thread that claims.
     */
    @Transactional
    public List<Claimed> claim(int limit, int perEndpoint, int window, Duration claimTimeout) {
        jdbc.sql("SET LOCAL synchronous_commit = off").update();
        return jdbc.sql(CLAIM)
                .param("limit", limit)
                .param("perEndpoint", perEndpoint)
                .param("window", window)
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
     * or given up when that is empty; a success also ends the endpoint's failing. One statement (one round trip,
     * one commit). Nothing when the claim was lost meanwhile (it outlived its time-out and another node took the
     * delivery): that node records its own attempt.
     *
     * @return whether the claim was still this attempt's
     */
    public boolean record(Claimed claimed, Attempt attempt, Optional<Duration> retryAfter) {
        String state = attempt.succeeded() ? "DELIVERED" : retryAfter.isPresent() || attempt.gone() ? "PENDING" : "FAILED";
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("state", state);
        parameters.put("at", Timestamp.from(attempt.at()));
        parameters.put("retryMillis", retryAfter.map(Duration::toMillis).orElse(0L));
        parameters.put("id", claimed.id());
        parameters.put("claimedUntil", claimed.claimedUntil());
        parameters.put("status", attempt.status());
        parameters.put("latency", (int) Math.min(Integer.MAX_VALUE, attempt.latencyMillis()));
        parameters.put("response", attempt.response());
        parameters.put("error", attempt.error());
        return jdbc.sql("""
                        WITH done AS (
                            UPDATE notice_deliveries
                            SET state = CAST(:state AS text), attempts = attempts + 1, claimed_until = NULL,
                                delivered_at = CASE WHEN CAST(:state AS text) = 'DELIVERED' THEN CAST(:at AS timestamptz) ELSE delivered_at END,
                                next_attempt_at = now() + CAST(:retryMillis AS double precision) * interval '1 millisecond'
                            WHERE id = :id AND claimed_until = :claimedUntil AND state = 'PENDING'
                            RETURNING id, endpoint_id),
                        recovered AS (
                            UPDATE notice_endpoints e SET failing_since = NULL FROM done
                            WHERE e.id = done.endpoint_id AND CAST(:state AS text) = 'DELIVERED' AND e.failing_since IS NOT NULL)
                        INSERT INTO notice_attempts (delivery_id, endpoint_id, attempted_at, status, latency_ms, response, error)
                        SELECT id, endpoint_id, CAST(:at AS timestamptz), CAST(:status AS integer), CAST(:latency AS integer),
                               CAST(:response AS text), CAST(:error AS text)
                        FROM done""")
                .params(parameters)
                .update() == 1;
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
