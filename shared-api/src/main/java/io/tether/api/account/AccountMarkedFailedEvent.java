package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

@Revision("1")
public record AccountMarkedFailedEvent(UUID accountId, String errorMessage) {
}
