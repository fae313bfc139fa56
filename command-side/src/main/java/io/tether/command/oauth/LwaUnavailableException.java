package io.tether.command.oauth;

/** Login with Amazon could not be reached, timed out, failed (5xx) or answered something unusable: worth trying again later. */
class LwaUnavailableException extends RuntimeException {

    LwaUnavailableException(String message) {
        super(message);
    }

    LwaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
