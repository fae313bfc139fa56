package io.tether.api.oauth;

import io.tether.api.credentials.EncryptedCredentials;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Amazon handed out a new access token for the credentials {@code refreshedFrom}. {@code refreshToken}
 * is null when Amazon's answer kept the current refresh token. Sent by Tether's token refresher.
 */
public record RecordTokenRefreshCommand(
        @TargetAggregateIdentifier @NotNull UUID accountId,
        @NotNull EncryptedCredentials refreshedFrom,
        @NotBlank @Size(max = 8192) String accessToken,
        @NotNull Instant accessTokenExpiresAt,
        @Size(min = 1, max = 8192) String refreshToken) {

    @Override
    public String toString() {
        return "RecordTokenRefreshCommand[accountId=" + accountId + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", refreshTokenReplaced=" + (refreshToken != null) + ", tokens=<redacted>]";
    }
}
