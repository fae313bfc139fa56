package io.tether.command.account;

import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;

public class AccountNameTakenException extends RuntimeException {

    public AccountNameTakenException(Marketplace marketplace, IntegrationType integrationType, String accountName) {
        super("The organization already has an account named '" + accountName + "' for " + marketplace
                + " " + integrationType);
    }
}
