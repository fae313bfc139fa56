package io.tether.command.credentials;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Whose credentials a ciphertext holds: an organization's aggregate, and which of its fields. */
public record CredentialOwner(UUID organizationId, UUID aggregateId, String field) {

    public static CredentialOwner accountCredentials(UUID organizationId, UUID accountId) {
        return new CredentialOwner(organizationId, accountId, "credentials");
    }

    /** Authenticated with the ciphertext, so that a ciphertext moved to another owner fails to open. */
    byte[] associatedData() {
        return (organizationId + "/" + aggregateId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
