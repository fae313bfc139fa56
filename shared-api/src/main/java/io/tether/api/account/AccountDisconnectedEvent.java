package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The account's credentials were cleared. */
@Revision("1")
public record AccountDisconnectedEvent(UUID accountId) {
}
