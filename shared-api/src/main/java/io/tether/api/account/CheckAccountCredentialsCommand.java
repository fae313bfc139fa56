package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens credentials for Tether itself to check at the account's provider: the stored ones (a "test
 * connection", the periodic check; {@code credentials} null), or the {@code credentials} a connect brings, checked against the catalog's
 * schema first. Nothing is recorded: the outcome of a stored one's check is, by
 * {@link RecordAccountCredentialsCheckCommand}; those a connect brings are stored by the connect that follows.
 */
public record CheckAccountCredentialsCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @Size(max = 32)
        Map<@NotBlank @Size(max = 64) @PlainText String, @NotBlank @Size(max = 8192) @PlainText(multiline = true) String> credentials) {

    public CheckAccountCredentialsCommand {
        credentials = credentials == null ? null : Map.copyOf(credentials);
    }

    /** The stored credentials. */
    public static CheckAccountCredentialsCommand ofStored(UUID accountId, UUID organizationId) {
        return new CheckAccountCredentialsCommand(accountId, organizationId, null);
    }

    @Override
    public String toString() {
        return "CheckAccountCredentialsCommand[accountId=" + accountId + ", organizationId=" + organizationId
                + ", credentials=" + (credentials == null ? "the stored ones" : "<redacted>") + "]";
    }
}
