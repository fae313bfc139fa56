package io.tether.api.global;

import io.tether.api.credentials.EncryptedCredentials;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What the service said of the credentials {@code checked} (their ciphertext when they were opened):
 * accepted, or refused with a {@code reason} an admin can act on (null when accepted).
 */
public record RecordGlobalIntegrationCredentialsCheckCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotNull EncryptedCredentials checked,
        boolean accepted,
        String reason) {
}
