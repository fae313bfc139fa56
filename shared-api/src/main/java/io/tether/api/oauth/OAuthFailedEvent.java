package io.tether.api.oauth;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The flow ended without tokens: the account is in ERROR, and {@code errorMessage} says what to do. */
@Revision("1")
public record OAuthFailedEvent(UUID accountId, OAuthFlow flow, String errorMessage) {
}
