package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The provider refused the account's stored credentials: the account is in {@code ERROR}, and {@code reason} says what to do. */
@Revision("1")
public record AccountCredentialsRejectedEvent(UUID accountId, String reason) {
}
