package io.tether.command.global;

import io.tether.api.global.WebhookDeliveryView;

/** What a delivery gets back: the accepted delivery, or a URL verification's challenge (Slack's). */
record WebhookAnswer(WebhookDeliveryView accepted, String challenge) {

    static WebhookAnswer accepted(WebhookDeliveryView delivery) {
        return new WebhookAnswer(delivery, null);
    }

    static WebhookAnswer challenge(String challenge) {
        return new WebhookAnswer(null, challenge);
    }
}
