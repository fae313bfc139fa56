package io.tether.command.account;

import java.util.UUID;

/**
 * Credential access asks this first, so that a worker never receives an OAuth access token that is about to
 * expire while a refresh could still get a fresh one. The OAuth side implements it.
 */
public interface ExpiringAccessTokens {

    /**
     * Refreshes the account's access token now when it expires within the refresh-ahead window, and waits for
     * the refresh. Nothing happens for an account without OAuth tokens, or one of another organization. A
     * token still expired afterwards is refused by the read itself ({@code ACCESS_TOKEN_REFRESH_FAILED}).
     */
    void refreshIfExpiring(UUID accountId, UUID organizationId);
}
