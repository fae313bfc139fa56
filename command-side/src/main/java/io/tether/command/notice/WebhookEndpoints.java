package io.tether.command.notice;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.api.AuditMetadata;
import io.tether.infrastructure.web.RequestMetadata;
import jakarta.annotation.Nullable;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notice endpoints, as plain rows, and the history of who changed which ({@code notice_endpoint_changes}).
 * Why not an aggregate: docs/notices.md.
 */
@Component
class WebhookEndpoints {

    /** Where an endpoint's notices go. */
    enum Channel {
        /** A Standard Webhooks POST to the endpoint's URL. */
        WEBHOOK,
        /** A short message to a channel, through the organization's connected Slack integration. */
        SLACK
    }

    /**
     * Where in Slack, through a connected Slack global integration: a channel, by {@code chat.postMessage} under
     * its bot token; or its incoming-webhook URL (the channel Slack chose when the app was installed), no channel.
     */
    record SlackTarget(UUID integrationId, @Nullable String channel,
                       @Schema(allowableValues = {SlackTarget.CHAT_POST_MESSAGE, SlackTarget.INCOMING_WEBHOOK}) String delivery) {

        static final String CHAT_POST_MESSAGE = "chat_post_message";
        static final String INCOMING_WEBHOOK = "incoming_webhook";

        boolean toIncomingWebhook() {
            return INCOMING_WEBHOOK.equals(delivery);
        }
    }

    /**
     * An endpoint as stored: its secrets only as ciphertexts. A webhook endpoint has a URL and a signing
     * secret; a Slack one a Slack target instead.
     */
    record Endpoint(UUID id, UUID organizationId, Channel channel, String url, SlackTarget slack, List<String> noticeTypes,
                    String description, boolean enabled, String disabledReason, String signingSecret,
                    String previousSigningSecret, Instant previousSecretExpiresAt, String createdBy, Instant createdAt,
                    Instant updatedAt) {

        boolean platformWide() {
            return organizationId == null;
        }

        @Override
        public String toString() {
            return "Endpoint[id=" + id + ", organizationId=" + organizationId + ", url=" + url + ", secrets=<sealed>]";
        }
    }

    private static final String COLUMNS = """
            id, organization_id, channel, url, slack_integration_id, slack_channel, slack_delivery, notice_types, description, enabled, disabled_reason, signing_secret,
            previous_signing_secret, previous_secret_expires_at, created_by, created_at, updated_at""";

    private final JdbcClient jdbc;

    WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Endpoint endpoint) {
        jdbc.sql("INSERT INTO notice_endpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(endpoint.id(), endpoint.organizationId(), endpoint.channel().name().toLowerCase(Locale.ROOT),
                        endpoint.url(), endpoint.slack() == null ? null : endpoint.slack().integrationId(),
                        endpoint.slack() == null ? null : endpoint.slack().channel(),
                        endpoint.slack() == null ? null : endpoint.slack().delivery(), arrayLiteral(endpoint.noticeTypes()),
                        endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.signingSecret(),
                        endpoint.previousSigningSecret(), timestamp(endpoint.previousSecretExpiresAt()), endpoint.createdBy(),
                        timestamp(endpoint.createdAt()), timestamp(endpoint.updatedAt()))
                .update();
    }

    /** Everything but the id, the organization and the creation. */
    void update(Endpoint endpoint) {
        jdbc.sql("""
                        UPDATE notice_endpoints SET url = ?, slack_channel = ?, notice_types = ?::text[], description = ?, enabled = ?,
                            disabled_reason = ?, signing_secret = ?, previous_signing_secret = ?, previous_secret_expires_at = ?,
                            failing_since = CASE WHEN ? THEN failing_since ELSE NULL END, updated_at = ?
                        WHERE id = ?""")
                .params(endpoint.url(), endpoint.slack() == null ? null : endpoint.slack().channel(),
                        arrayLiteral(endpoint.noticeTypes()), endpoint.description(), endpoint.enabled(),
                        endpoint.disabledReason(), endpoint.signingSecret(), endpoint.previousSigningSecret(),
                        timestamp(endpoint.previousSecretExpiresAt()), endpoint.enabled(), timestamp(endpoint.updatedAt()),
                        endpoint.id())
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM notice_endpoints WHERE id = ?").param(id).update();
    }

    /** Every endpoint of the organization (not the platform-wide ones), with their deliveries and attempts; their ids. */
    List<UUID> deleteAllOf(UUID organizationId) {
        return jdbc.sql("DELETE FROM notice_endpoints WHERE organization_id = ? RETURNING id")
                .param(organizationId)
                .query(UUID.class)
                .list();
    }

    Optional<Endpoint> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notice_endpoints WHERE id = ?").param(id).query(this::endpoint).optional();
    }

    /** The organization's endpoints, and the platform-wide ones too when asked. */
    List<Endpoint> of(UUID organizationId, boolean withPlatformWide) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notice_endpoints WHERE organization_id = ? OR (? AND organization_id IS NULL)"
                        + " ORDER BY created_at, id")
                .params(organizationId, withPlatformWide)
                .query(this::endpoint)
                .list();
    }

    /** Set when an attempt fails and none has succeeded since; cleared by a success ({@link NoticeOutbox#record}). */
    Optional<Instant> markFailing(UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE notice_endpoints SET failing_since = coalesce(failing_since, ?) WHERE id = ?
                        RETURNING failing_since""")
                .params(timestamp(at), id)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** @return whether this call disabled it (it was enabled) */
    boolean disable(UUID id, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE notice_endpoints SET enabled = FALSE, disabled_reason = ?, updated_at = ?
                        WHERE id = ? AND enabled""")
                .params(reason, timestamp(at), id)
                .update() == 1;
    }

    /** One line of the endpoint's history: what changed, who did it, in which request. */
    void recordChange(UUID endpointId, UUID organizationId, String change, String actor, Instant at) {
        Object requestId = RequestMetadata.current().get(AuditMetadata.REQUEST_ID);
        jdbc.sql("""
                        INSERT INTO notice_endpoint_changes (endpoint_id, organization_id, change, actor, request_id, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(endpointId, organizationId, change, actor, requestId == null ? null : requestId.toString(), timestamp(at))
                .update();
    }

    private Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("notice_types");
        UUID slackIntegrationId = rs.getObject("slack_integration_id", UUID.class);
        return new Endpoint(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
                Channel.valueOf(rs.getString("channel").toUpperCase(Locale.ROOT)), rs.getString("url"),
                slackIntegrationId == null ? null : new SlackTarget(slackIntegrationId, rs.getString("slack_channel"),
                        rs.getString("slack_delivery")),
                types == null ? null : Arrays.asList((String[]) types.getArray()), rs.getString("description"),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getString("signing_secret"),
                rs.getString("previous_signing_secret"), instant(rs, "previous_secret_expires_at"), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** PostgreSQL's text[] literal; the types are known wire names (letters, dots and underscores), so nothing needs quoting. */
    private static String arrayLiteral(List<String> values) {
        return values == null ? null : "{" + String.join(",", values) + "}";
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
