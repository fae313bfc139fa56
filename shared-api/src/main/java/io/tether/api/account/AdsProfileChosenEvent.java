package io.tether.api.account;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Workers act for this Amazon Ads profile of the account from now on; its id goes with the credentials handed to them. */
@Revision("1")
public record AdsProfileChosenEvent(UUID accountId, String profileId) {
}
