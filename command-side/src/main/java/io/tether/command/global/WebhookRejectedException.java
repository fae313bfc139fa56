package io.tether.command.global;

/**
 * A webhook delivery that is not accepted. Each kind has a short {@link #reason()}, the tag under which
 * rejections are counted; the message says what was wrong without quoting what was sent.
 */
public abstract class WebhookRejectedException extends RuntimeException {

    protected WebhookRejectedException(String message) {
        super(message);
    }

    public abstract String reason();
}
