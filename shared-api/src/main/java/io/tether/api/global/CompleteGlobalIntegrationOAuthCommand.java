package io.tether.api.global;

import io.tether.api.oauth.OAuthValues;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The redeemed install's code was exchanged: {@code credentials} (the bot token and what came with it) are
 * plaintext here and sealed before any event holds them; the workspace and scopes are not secret.
 */
public record CompleteGlobalIntegrationOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID integrationId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash,
        @NotEmpty Map<String, String> credentials,
        @Size(max = 64) String workspaceId,
        @Size(max = 255) String workspaceName,
        @Size(max = 2000) String scopes) {

    @Override
    public String toString() {
        return "CompleteGlobalIntegrationOAuthCommand[integrationId=" + integrationId + ", workspaceId=" + workspaceId
                + ", scopes=" + scopes + ", credentials=<redacted>]";
    }
}
