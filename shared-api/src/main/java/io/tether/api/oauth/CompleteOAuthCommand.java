package io.tether.api.oauth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The authorization code of the redeemed flow was exchanged: the tokens are plaintext here and sealed
 * before any event holds them. {@code sellingPartnerId} is given by the SP-API flow only.
 */
public record CompleteOAuthCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull @Pattern(regexp = OAuthValues.STATE_HASH) String stateHash,
        @NotBlank @Size(max = 8192) String refreshToken,
        @NotBlank @Size(max = 8192) String accessToken,
        @NotNull Instant accessTokenExpiresAt,
        @Pattern(regexp = "[A-Za-z0-9]{1,64}") String sellingPartnerId) {

    @Override
    public String toString() {
        return "CompleteOAuthCommand[accountId=" + accountId + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", sellingPartnerId=" + sellingPartnerId + ", tokens=<redacted>]";
    }
}
