package io.tether.api.oauth;

import io.tether.api.account.AccountStatus;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The flow was abandoned: its state no longer works, and the account is back to the status (and error
 * message) it had before the flow began.
 */
@Revision("1")
public record OAuthExpiredEvent(
        UUID accountId,
        String stateHash,
        AccountStatus restoredStatus,
        String restoredErrorMessage) {
}
