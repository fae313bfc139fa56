package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the integration's webhook secret with a new one, plaintext here and sealed before any event. */
public record RotateWebhookSecretCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotNull @Pattern(regexp = GlobalIntegrationFields.WEBHOOK_SECRET_PATTERN) String webhookSecret) {

    @Override
    public String toString() {
        return "RotateWebhookSecretCommand[integrationId=" + integrationId + ", organizationId=" + organizationId
                + ", webhookSecret=<redacted>]";
    }
}
