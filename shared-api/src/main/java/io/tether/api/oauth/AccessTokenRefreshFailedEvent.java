package io.tether.api.oauth;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * A refresh of the account's access token failed; the account's credentials are as they were. When the
 * refreshing has stopped ({@code nextAttemptAt} null), an {@code AccountMarkedFailedEvent} follows, unless
 * the account was deleted or disconnected meanwhile.
 *
 * @param reason         why, in words (the provider's error, or what could not be reached); never a token
 * @param failedAttempts the failed attempts in a row, this one included
 * @param nextAttemptAt  when the refresher tries again; null when it has stopped
 */
@Revision("1")
public record AccessTokenRefreshFailedEvent(UUID accountId, String reason, int failedAttempts, Instant nextAttemptAt) {

    /** The reason is a provider's words: kept out of logs, which print events. */
    @Override
    public String toString() {
        return "AccessTokenRefreshFailedEvent[accountId=" + accountId + ", failedAttempts=" + failedAttempts
                + ", nextAttemptAt=" + nextAttemptAt + ", reason=<" + (reason == null ? 0 : reason.length()) + " characters>]";
    }
}
