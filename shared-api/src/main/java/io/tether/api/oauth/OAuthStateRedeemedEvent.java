package io.tether.api.oauth;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Amazon's redirect brought the flow's state back in time: it is used up, and the code exchange begins. */
@Revision("1")
public record OAuthStateRedeemedEvent(UUID accountId, String stateHash) {
}
