package io.tether.command.account;

import java.util.UUID;

public class CredentialsAlreadyShreddedException extends RuntimeException {

    public CredentialsAlreadyShreddedException(UUID accountId) {
        super("The credentials of account " + accountId + " were already shredded");
    }
}
