package io.tether.api.account;

import io.tether.api.credentials.EncryptedCredentials;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What the provider said of the credentials {@code checked} (their ciphertext when they were opened):
 * accepted, or refused with a {@code reason} an admin can act on (null when accepted).
 */
public record RecordAccountCredentialsCheckCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull EncryptedCredentials checked,
        boolean accepted,
        String reason) {
}
