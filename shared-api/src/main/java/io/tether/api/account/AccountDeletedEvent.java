package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccountDeletedEvent(UUID accountId) {
}
