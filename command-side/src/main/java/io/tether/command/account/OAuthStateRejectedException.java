package io.tether.command.account;

import java.util.UUID;

/** Amazon's redirect brought a state the account does not accept: not its pending flow's, used, or too old. */
public class OAuthStateRejectedException extends RuntimeException {

    public enum Reason {
        /** Not the state of the account's pending flow: forged, replaced by a newer flow, or already expired. */
        UNKNOWN,
        ALREADY_USED,
        EXPIRED
    }

    private final Reason reason;

    public OAuthStateRejectedException(UUID accountId, Reason reason) {
        super("Account " + accountId + " rejects the OAuth state: " + reason);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
