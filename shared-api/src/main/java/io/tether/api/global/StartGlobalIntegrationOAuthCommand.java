package io.tether.api.global;

import io.tether.api.oauth.OAuthFlow;
import io.tether.api.oauth.OAuthValues;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts an app install for a global integration of the flow's service. The state is plaintext here only:
 * the events keep its SHA-256 hash. It works for {@code lifetime} from now.
 */
public record StartGlobalIntegrationOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull UUID organizationId,
        @NotNull OAuthFlow flow,
        @NotNull @Pattern(regexp = OAuthValues.STATE) String state,
        @NotNull Duration lifetime) {

    public StartGlobalIntegrationOAuthCommand {
        OAuthValues.requirePositiveLifetime(lifetime);
    }

    @Override
    public String toString() {
        return "StartGlobalIntegrationOAuthCommand[integrationId=" + integrationId + ", organizationId="
                + organizationId + ", flow=" + flow + ", lifetime=" + lifetime + ", state=<redacted>]";
    }
}
