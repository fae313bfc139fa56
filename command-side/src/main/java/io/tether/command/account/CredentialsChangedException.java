package io.tether.command.account;

import java.util.UUID;

/**
 * A token refresh started from credentials that are no longer the account's (it was reconnected, or its
 * key rotated, meanwhile): recording it would bring old credentials back.
 */
public class CredentialsChangedException extends RuntimeException {

    public CredentialsChangedException(UUID accountId) {
        super("The credentials of account " + accountId + " changed while their access token was being refreshed");
    }
}
