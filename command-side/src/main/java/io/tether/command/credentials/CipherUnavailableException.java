package io.tether.command.credentials;

/** The key store (Vault, or the keyring's database) cannot be reached, is sealed, or refused the request. */
public class CipherUnavailableException extends RuntimeException {

    public CipherUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The problem code a caller answers, and the reason a pending shredding is on record with. */
    public String problemCode() {
        return "credential_store_unavailable";
    }
}
