package io.tether.command.global;

/** A delivery with this id, or with the same signed timestamp and body, was already accepted. */
public class ReplayedWebhookException extends WebhookRejectedException {

    public ReplayedWebhookException(String deliveryId) {
        super("Delivery " + deliveryId + " was already received, or its signed content was");
    }

    @Override
    public String reason() {
        return "replayed";
    }
}
