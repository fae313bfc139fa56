package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an account, and connects it at once when it brings its credentials (plaintext here, encrypted before any
 * event holds them; null creates it DISCONNECTED). One command, so one transaction, whether or not it connects.
 */
public record CreateAccountCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull Marketplace marketplace,
        @NotNull IntegrationType integrationType,
        @NotBlank @Size(max = AccountNames.MAX_LENGTH) @PlainText String accountName,
        @NotNull Region region,
        @Size(min = 1, max = 32)
        Map<@NotBlank @Size(max = 64) @PlainText String, @NotBlank @Size(max = 8192) @PlainText(multiline = true) String> credentials) {

    public CreateAccountCommand {
        accountName = AccountNames.normalize(accountName);
        credentials = credentials == null ? null : Map.copyOf(credentials);
    }

    /** An account created DISCONNECTED, without credentials. */
    public CreateAccountCommand(UUID accountId, UUID organizationId, Marketplace marketplace, IntegrationType integrationType,
                                String accountName, Region region) {
        this(accountId, organizationId, marketplace, integrationType, accountName, region, null);
    }

    @Override
    public String toString() {
        return "CreateAccountCommand[accountId=" + accountId + ", organizationId=" + organizationId + ", marketplace="
                + marketplace + ", integrationType=" + integrationType + ", accountName=" + accountName + ", region="
                + region + ", credentials=" + (credentials == null ? "none" : "<redacted>") + "]";
    }
}
