package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** The provider's redirect brought the install's state back in time: it is used up, and the code exchange begins. */
@Revision("1")
public record GlobalIntegrationOAuthStateRedeemedEvent(UUID integrationId, String stateHash) {
}
