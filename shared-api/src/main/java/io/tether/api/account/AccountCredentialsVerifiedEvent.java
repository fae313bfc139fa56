package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The provider accepted the account's stored credentials. {@code recovered} says the account was in
 * {@code ERROR} before and is {@code CONNECTED} again.
 */
@Revision("1")
public record AccountCredentialsVerifiedEvent(UUID accountId, boolean recovered) {
}
