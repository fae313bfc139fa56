package io.tether.api.global;

import java.util.UUID;
import org.axonframework.serialization.Revision;

/** Someone was given the integration's credentials, opened; who and from where is in the metadata, why is here. */
@Revision("1")
public record GlobalIntegrationCredentialsReadEvent(UUID integrationId, int keyVersion, String purpose) {
}
