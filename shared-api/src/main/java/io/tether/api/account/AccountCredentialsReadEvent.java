package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Someone was given the account's credentials, opened; who and from where is in the metadata, why is here. */
@Revision("1")
public record AccountCredentialsReadEvent(UUID accountId, int keyVersion, String purpose) {
}
