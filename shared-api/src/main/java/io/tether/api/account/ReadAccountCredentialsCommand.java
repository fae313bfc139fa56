package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * An internal worker asks for an account's credentials, opened, and says why. Not sent on the command bus: the
 * account's aggregate is not loaded (nor locked) for a read; {@code AccountCredentialsReadEvent} says where it is recorded.
 */
public record ReadAccountCredentialsCommand(
        @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotBlank @Size(max = 200) @PlainText String purpose) {
}
