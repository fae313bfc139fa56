package io.tether.command.account;

import java.util.UUID;

/** The account was deleted: it accepts no further command. */
public class AccountDeletedException extends RuntimeException {

    public AccountDeletedException(UUID accountId) {
        super("Account " + accountId + " was deleted");
    }
}
