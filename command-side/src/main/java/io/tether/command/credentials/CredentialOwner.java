package io.tether.command.credentials;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Whose credentials a ciphertext holds: an organization's aggregate, and which of its fields. The
 * aggregate's id names its key; all three are bound to the ciphertext.
 */
public record CredentialOwner(UUID organizationId, UUID aggregateId, String field) {

    public static CredentialOwner accountCredentials(UUID organizationId, UUID accountId) {
        return new CredentialOwner(organizationId, accountId, "credentials");
    }

    /** Authenticated with the ciphertext (associated data, or Vault's derivation context). */
    public byte[] binding() {
        return (organizationId + "/" + aggregateId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
