package io.tether.api.oauth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Amazon's redirect came back with this state: the account accepts it once, within the flow's
 * lifetime, before Tether exchanges the authorization code. Sent by Tether's callback, never by a client.
 */
public record RedeemOAuthStateCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull @Size(max = 1024) String state) {

    @Override
    public String toString() {
        return "RedeemOAuthStateCommand[accountId=" + accountId + ", state=<redacted>]";
    }
}
