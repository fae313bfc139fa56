package io.tether.api.global;

import java.util.UUID;

/** A global integration's key after a rotation: the version new ciphertexts use. */
public record GlobalIntegrationKeyView(UUID integrationId, int keyVersion) {
}
