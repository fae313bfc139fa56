package io.tether.command.provider;

/**
 * The provider could not be reached, failed (5xx), limited the rate (429), did not answer in time or
 * answered something unusable: the credentials are neither good nor bad; worth trying again later.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
