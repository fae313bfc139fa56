package io.tether.command.global;

/** The delivery's body is larger than Tether verifies. */
public class WebhookBodyTooLargeException extends WebhookRejectedException {

    public WebhookBodyTooLargeException(int maxBytes) {
        super("The delivery's body is larger than " + maxBytes + " bytes");
    }

    @Override
    public String reason() {
        return "too_large";
    }
}
