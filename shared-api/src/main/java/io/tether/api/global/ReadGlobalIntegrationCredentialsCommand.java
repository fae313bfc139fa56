package io.tether.api.global;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An internal worker asks for a global integration's credentials, opened, and says why. */
public record ReadGlobalIntegrationCredentialsCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotBlank @Size(max = 200) @PlainText String purpose) {
}
