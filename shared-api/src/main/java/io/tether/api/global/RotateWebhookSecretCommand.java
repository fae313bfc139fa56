package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the integration's webhook secret. Where Tether makes the secret (GitHub, Jira, Standard
 * Webhooks) the command carries none and a new one is generated; where the provider issues it (Slack's
 * signing secret, ClickUp's and Linear's webhook secrets) the admin enters it here. Plaintext here, sealed
 * before any event.
 */
public record RotateWebhookSecretCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @Pattern(regexp = GlobalIntegrationFields.WEBHOOK_SECRET_PATTERN,
                message = "must be 16 to 256 printable characters without spaces") String webhookSecret) {

    @Override
    public String toString() {
        return "RotateWebhookSecretCommand[integrationId=" + integrationId + ", organizationId=" + organizationId
                + ", webhookSecret=" + (webhookSecret == null ? "to generate" : "<redacted>") + "]";
    }
}
