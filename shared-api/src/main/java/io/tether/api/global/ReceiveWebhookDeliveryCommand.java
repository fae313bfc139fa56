package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A provider's webhook delivery, as it arrived: the headers its format may read (names in lower case,
 * values unparsed) and the raw body, which is verified on its exact bytes. Which headers count, and how,
 * is the integration's service's webhook format.
 */
public record ReceiveWebhookDeliveryCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull Map<String, String> headers,
        @NotNull byte[] body) {

    public ReceiveWebhookDeliveryCommand {
        headers = headers == null ? null : Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    @Override
    public String toString() {
        return "ReceiveWebhookDeliveryCommand[integrationId=" + integrationId + ", headers="
                + (headers == null ? "none" : headers.keySet()) + ", body="
                + (body == null ? "none" : body.length + " bytes") + "]";
    }
}
