package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An internal worker asks for an account's credentials, opened, and says why. */
public record ReadAccountCredentialsCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotBlank @Size(max = 200) @PlainText String purpose) {
}
