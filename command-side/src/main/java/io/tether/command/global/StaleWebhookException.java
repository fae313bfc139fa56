package io.tether.command.global;

import java.time.Duration;

/** The delivery was signed too long ago (or too far ahead): a replay, or a provider whose clock is off. */
public class StaleWebhookException extends WebhookRejectedException {

    public StaleWebhookException(Duration tolerance) {
        super("The delivery's timestamp is more than " + tolerance.toMinutes() + " minutes away from now");
    }

    @Override
    public String reason() {
        return "stale_timestamp";
    }
}
