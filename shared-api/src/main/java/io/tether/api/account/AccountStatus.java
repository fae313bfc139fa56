package io.tether.api.account;

public enum AccountStatus {
    /** An OAuth flow has been started and not completed yet. */
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    /** Connected once, then failed; {@code error_message} says why. */
    ERROR
}
