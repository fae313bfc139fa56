package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.REPLAYED_WEBHOOK;

import io.tether.api.problem.ProblemException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deliveries each integration has accepted, for replay protection across every node: a delivery id
 * is accepted once, and so is a signed content (timestamp and body), so that a captured delivery sent
 * again under a new id fails too. Written in the transaction of the command that records the delivery.
 */
@Component
public class WebhookDeliveries {

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param signedContentSha256 the hex SHA-256 of what was signed, {@code <timestamp>.<body>}
     * @throws ProblemException {@code REPLAYED_WEBHOOK} when the id or the signed content was seen before
     */
    public void record(UUID integrationId, String deliveryId, String signedContentSha256) {
        int inserted = jdbc.sql("""
                        INSERT INTO webhook_deliveries (integration_id, delivery_id, signed_content_sha256)
                        VALUES (:integrationId, :deliveryId, :signedContentSha256)
                        ON CONFLICT DO NOTHING""")
                .param("integrationId", integrationId)
                .param("deliveryId", deliveryId)
                .param("signedContentSha256", signedContentSha256)
                .update();
        if (inserted == 0) {
            throw REPLAYED_WEBHOOK.exception("Delivery " + deliveryId
                    + " was already received, or its signed content was");
        }
    }

    /** A deleted integration takes no more deliveries, so what it accepted need not be remembered. */
    public void forget(UUID integrationId) {
        jdbc.sql("DELETE FROM webhook_deliveries WHERE integration_id = ?").param(integrationId).update();
    }
}
