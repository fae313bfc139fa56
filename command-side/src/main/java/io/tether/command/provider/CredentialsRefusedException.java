package io.tether.command.provider;

/** The provider refused the credentials; the message says, in words an admin can act on, what to do. */
public class CredentialsRefusedException extends RuntimeException {

    public CredentialsRefusedException(String reason) {
        super(reason);
    }
}
