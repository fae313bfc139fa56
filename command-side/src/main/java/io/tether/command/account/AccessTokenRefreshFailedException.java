package io.tether.command.account;

import java.util.UUID;

/** The account's access token has expired and refreshing it failed just now: there is no usable token to hand out. */
public class AccessTokenRefreshFailedException extends RuntimeException {

    public AccessTokenRefreshFailedException(UUID accountId) {
        super("The access token of account " + accountId + " has expired and Amazon did not refresh it just now;"
                + " Tether keeps trying, and the account goes to ERROR if it cannot. Try again shortly.");
    }
}
