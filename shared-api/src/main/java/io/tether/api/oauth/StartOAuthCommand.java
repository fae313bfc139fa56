package io.tether.api.oauth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts an OAuth flow for an account. The state and the PKCE code verifier are plaintext here only:
 * the events keep the state's SHA-256 hash and the verifier sealed. {@code codeVerifier} is null for a
 * flow without PKCE. The state works for {@code lifetime} from now.
 */
public record StartOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull UUID organizationId,
        @NotNull OAuthFlow flow,
        @NotNull @Pattern(regexp = OAuthValues.STATE) String state,
        @Pattern(regexp = OAuthValues.CODE_VERIFIER) String codeVerifier,
        @NotNull Duration lifetime) {

    public StartOAuthCommand {
        OAuthValues.requirePositiveLifetime(lifetime);
    }

    @Override
    public String toString() {
        return "StartOAuthCommand[accountId=" + accountId + ", organizationId=" + organizationId + ", flow=" + flow
                + ", lifetime=" + lifetime + ", state=<redacted>, codeVerifier=<redacted>]";
    }
}
