package io.tether.command.global;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tether.api.global.GlobalIntegrationView;
import jakarta.annotation.Nullable;

/**
 * The integration, and the webhook secret Tether generated for it in plaintext: for the two responses that
 * hand it out (creation, rotation). A secret the admin entered, or none, is never echoed: the field is null.
 */
@Schema(name = "GlobalIntegrationWithWebhookSecret")
record WithWebhookSecret(@JsonUnwrapped GlobalIntegrationView integration,
                         @Schema(description = "The secret Tether generated (64 hex characters, or whsec_… for Standard "
                                 + "Webhooks senders), shown in this answer only; null when the admin entered the provider's")
                         @Nullable String webhookSecret) {

    @Override
    public String toString() {
        return "WithWebhookSecret[integration=" + integration.id() + ", webhookSecret="
                + (webhookSecret == null ? "none" : "<redacted>") + "]";
    }
}
