package io.tether.api.account;

import io.tether.api.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateAccountCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull Marketplace marketplace,
        @NotNull IntegrationType integrationType,
        @NotBlank @Size(max = AccountNames.MAX_LENGTH) @PlainText String accountName,
        @NotNull Region region) {

    public CreateAccountCommand {
        accountName = AccountNames.normalize(accountName);
    }
}
