package io.tether.api.oauth;

import io.tether.api.PlainText;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A refresh of the account's access token failed. Sent by Tether's token refresher, before it puts the
 * account in ERROR when it does.
 *
 * @param reason         why, in words a person can act on (the provider's error code and description, or
 *                       what could not be reached); never a token
 * @param failedAttempts the failed attempts in a row, this one included
 * @param nextAttemptAt  when the refresher tries again; null when it has stopped (the credentials were
 *                       refused, or every attempt is spent)
 */
public record RecordTokenRefreshFailureCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotBlank @Size(max = 1000) @PlainText(multiline = true) String reason,
        @Min(1) int failedAttempts,
        Instant nextAttemptAt) {
}
