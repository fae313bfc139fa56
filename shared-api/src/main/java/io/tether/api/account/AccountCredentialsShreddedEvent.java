package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * The deleted account's credentials key was destroyed: the ciphertexts in its earlier events stay
 * for the audit trail, but nobody can open them any more.
 */
@Revision("1")
public record AccountCredentialsShreddedEvent(UUID accountId) {
}
