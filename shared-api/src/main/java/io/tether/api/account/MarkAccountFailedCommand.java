package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a connected (or connecting) account in ERROR, with a reason a person can act on. */
public record MarkAccountFailedCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotBlank @Size(max = 1000) @PlainText(multiline = true) String errorMessage) {
}
