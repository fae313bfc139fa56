package io.tether.command.global;

/** The delivery's signature is missing, malformed, or not made with the integration's webhook secret. */
public class InvalidWebhookSignatureException extends WebhookRejectedException {

    public InvalidWebhookSignatureException(String message) {
        super(message);
    }

    @Override
    public String reason() {
        return "bad_signature";
    }
}
