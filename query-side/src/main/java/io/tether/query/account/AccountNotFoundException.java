package io.tether.query.account;

import java.util.UUID;

/** No such account for the caller's organization; another organization's account is not found either. */
public class AccountNotFoundException extends RuntimeException {

    public AccountNotFoundException(UUID accountId) {
        super("Account " + accountId + " does not exist");
    }
}
