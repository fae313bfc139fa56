package io.tether.api.global;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider's redirect came back with this state: the integration accepts it once, within the install's
 * lifetime, before Tether exchanges the code. Sent by Tether's callback, never by a client.
 */
public record RedeemGlobalIntegrationOAuthStateCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull @Size(max = 1024) String state) {

    @Override
    public String toString() {
        return "RedeemGlobalIntegrationOAuthStateCommand[integrationId=" + integrationId + ", state=<redacted>]";
    }
}
