package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the kept body of an accepted webhook delivery for an internal worker; every read is recorded. */
public record ReadWebhookDeliveryBodyCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotNull @Pattern(regexp = GlobalIntegrationFields.DELIVERY_ID_PATTERN,
                message = "must be 1 to 128 letters, digits or . _ : -") String deliveryId) {
}
