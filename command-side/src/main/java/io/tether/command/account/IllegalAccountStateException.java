package io.tether.command.account;

import io.tether.api.account.AccountStatus;
import java.util.UUID;

/** The command is not allowed in the account's current status. */
public class IllegalAccountStateException extends RuntimeException {

    private final AccountStatus status;

    public IllegalAccountStateException(UUID accountId, AccountStatus status, String reason) {
        super("Account " + accountId + " is " + status + ": " + reason);
        this.status = status;
    }

    public AccountStatus status() {
        return status;
    }
}
