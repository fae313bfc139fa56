package io.tether.command.credentials;

/** A ciphertext that cannot be opened: altered, sealed for another owner, or by an unknown key. */
public class CredentialsUnreadableException extends RuntimeException {

    public CredentialsUnreadableException(String message) {
        super(message);
    }

    public CredentialsUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
