package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stores credentials on an account. They are plaintext here and encrypted before any event holds them. */
public record ConnectAccountCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotEmpty @Size(max = 32)
        Map<@NotBlank @Size(max = 64) @PlainText String, @NotBlank @Size(max = 8192) @PlainText(multiline = true) String> credentials) {

    public ConnectAccountCommand {
        credentials = credentials == null ? null : Map.copyOf(credentials);
    }

    @Override
    public String toString() {
        return "ConnectAccountCommand[accountId=" + accountId + ", organizationId=" + organizationId
                + ", credentials=<redacted>]";
    }
}
