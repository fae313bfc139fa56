package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.REPLAYED_WEBHOOK;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deliveries each integration has accepted. For replay protection across every node: a delivery id
 * is accepted once, and so is a signed content, so that a captured delivery sent again under a new id
 * fails too. And for the platform: each delivery's body, sealed under the integration's key, kept until
 * {@code tether.webhooks.body-retention} has passed, then deleted by {@link WebhookBodyExpiry}. Written in
 * the transaction of the command that records the delivery.
 */
@Component
public class WebhookDeliveries {

    private final JdbcClient jdbc;
    private final WebhookProperties properties;

    WebhookDeliveries(JdbcClient jdbc, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** @throws ProblemException {@code REPLAYED_WEBHOOK} when the id or the signed content was seen before */
    public void record(AcceptedDelivery delivery) {
        int inserted = jdbc.sql("""
                        INSERT INTO webhook_deliveries (integration_id, delivery_id, signed_content_sha256, received_at,
                                                        event_type, body_sha256, sealed_body, body_expires_at)
                        VALUES (:integrationId, :deliveryId, :signedContentSha256, :receivedAt,
                                :type, :bodySha256, :sealedBody, :bodyExpiresAt)
                        ON CONFLICT DO NOTHING""")
                .param("integrationId", delivery.integrationId())
                .param("deliveryId", delivery.deliveryId())
                .param("signedContentSha256", delivery.signedContentSha256())
                .param("receivedAt", Timestamp.from(delivery.receivedAt()))
                .param("type", delivery.type())
                .param("bodySha256", delivery.bodySha256())
                .param("sealedBody", delivery.sealedBody().ciphertext())
                .param("bodyExpiresAt", Timestamp.from(delivery.receivedAt().plus(properties.bodyRetention())))
                .update();
        if (inserted == 0) {
            throw REPLAYED_WEBHOOK.exception("Delivery " + delivery.deliveryId()
                    + " was already received, or its signed content was");
        }
    }

    /** An accepted delivery of the integration, with its sealed body while it is kept. */
    public Optional<KeptDelivery> find(UUID integrationId, String deliveryId) {
        return jdbc.sql("""
                        SELECT event_type, body_sha256, received_at, body_expires_at, sealed_body FROM webhook_deliveries
                        WHERE integration_id = ? AND delivery_id = ?""")
                .param(integrationId)
                .param(deliveryId)
                .query((row, number) -> new KeptDelivery(row.getString("event_type"), row.getString("body_sha256"),
                        row.getTimestamp("received_at").toInstant(),
                        row.getTimestamp("body_expires_at") == null ? null : row.getTimestamp("body_expires_at").toInstant(),
                        row.getString("sealed_body") == null ? null : new EncryptedCredentials(row.getString("sealed_body"))))
                .optional();
    }

    /** Deletes the bodies whose time is up; the deliveries stay, for replay protection. Answers how many went. */
    public int forgetBodiesExpiredBy(Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET sealed_body = NULL
                        WHERE sealed_body IS NOT NULL AND body_expires_at <= ?""")
                .param(Timestamp.from(now))
                .update();
    }

    /** A deleted integration takes no more deliveries, so what it accepted need not be remembered. */
    public void forget(UUID integrationId) {
        jdbc.sql("DELETE FROM webhook_deliveries WHERE integration_id = ?").param(integrationId).update();
    }

    /**
     * @param signedContentSha256 the hex SHA-256 of everything the provider's signature covers
     * @param sealedBody          the raw body, base64 in field {@code body}, sealed for the delivery alone
     */
    public record AcceptedDelivery(UUID integrationId, String deliveryId, String signedContentSha256, String type,
                                   String bodySha256, EncryptedCredentials sealedBody, Instant receivedAt) {
    }

    /** @param sealedBody null once the body's time is up (or for a delivery accepted before bodies were kept) */
    public record KeptDelivery(String type, String bodySha256, Instant receivedAt, Instant bodyExpiresAt,
                               EncryptedCredentials sealedBody) {
    }
}
