package io.tether.api.oauth;

import io.tether.api.account.AccountView;
import java.time.Instant;

/** The answer to {@link StartOAuthCommand}: the account, now CONNECTING, and until when its state works. */
public record OAuthStartedView(AccountView account, Instant expiresAt) {
}
