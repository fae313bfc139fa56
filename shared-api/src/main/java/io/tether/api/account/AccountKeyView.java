package io.tether.api.account;

import java.util.UUID;

/** An account's credentials key after a rotation: the version that new ciphertexts use. */
public record AccountKeyView(UUID accountId, int keyVersion) {
}
