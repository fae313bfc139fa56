package io.tether.command.account;

import io.tether.api.account.IntegrationType;
import java.time.Instant;
import java.util.UUID;

/**
 * Credential access asks this before it hands out credentials, so that a worker never receives an OAuth access token
 * that is about to expire while a refresh could still get a fresh one. The OAuth side implements it.
 */
public interface ExpiringAccessTokens {

    /**
     * Whether a refresh of the account's access token may be due, judged from the opened credentials alone (their
     * access token's expiry, null when they hold none): true when the token expires within the refresh-ahead window,
     * or when the account has none yet and its provider keeps one fresh. Only then does a read look at the refresh
     * task ({@link #refreshIfExpiring}); a token further from its expiry is handed out as it is.
     */
    boolean mayBeDue(IntegrationType type, Instant accessTokenExpiresAt);

    /**
     * Refreshes the account's access token now when its refresh task is due, and waits for the refresh. Nothing
     * happens for an account without OAuth tokens, or one of another organization. A token still expired afterwards
     * is refused by the read itself ({@code ACCESS_TOKEN_REFRESH_FAILED}).
     */
    void refreshIfExpiring(UUID accountId, UUID organizationId);
}
