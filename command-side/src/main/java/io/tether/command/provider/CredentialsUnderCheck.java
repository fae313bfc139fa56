package io.tether.command.provider;

import io.tether.api.credentials.EncryptedCredentials;

/**
 * Stored credentials opened for a check at their provider: the catalog slug that names the provider, the
 * ciphertext that was opened (the outcome is recorded only if it is still the stored one; null for
 * credentials a connect brings, which are not stored yet) and what the
 * provider is asked with.
 */
public record CredentialsUnderCheck(String slug, EncryptedCredentials sealed, ProviderCredentials credentials) {
}
