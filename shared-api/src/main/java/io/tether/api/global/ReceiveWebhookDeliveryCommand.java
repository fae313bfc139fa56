package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A provider's webhook delivery, as it arrived: the signature and timestamp headers unparsed (null
 * when absent) and the raw body, which is verified and digested but never stored.
 *
 * @param signature {@code X-Tether-Signature}: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * @param timestamp {@code X-Tether-Timestamp}: when the provider signed it, in Unix seconds
 */
public record ReceiveWebhookDeliveryCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull(message = "is required: send the X-Tether-Delivery header")
        @Pattern(regexp = GlobalIntegrationFields.DELIVERY_ID_PATTERN,
                message = "must be 1 to 128 letters, digits or . _ : -")
        String deliveryId,
        String signature,
        String timestamp,
        @NotNull byte[] body) {

    @Override
    public String toString() {
        return "ReceiveWebhookDeliveryCommand[integrationId=" + integrationId + ", deliveryId=" + deliveryId
                + ", body=" + (body == null ? "none" : body.length + " bytes") + "]";
    }
}
