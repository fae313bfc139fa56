package io.tether.command.credentials;

import java.util.UUID;

/** The owner's key was destroyed: the credentials it sealed can never be opened again. */
public class CredentialsShreddedException extends RuntimeException {

    public CredentialsShreddedException(UUID ownerId) {
        super("The credentials of " + ownerId + " were shredded: their key was destroyed when it was deleted");
    }
}
