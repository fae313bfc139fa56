package io.tether.command.credentials;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The local keyring's master key: 32 bytes, base64 ({@code TETHER_KEYRING_MASTER_KEY}). When it is
 * empty, a key is generated once into the data directory, readable by its owner only.
 */
@ConfigurationProperties("tether.keyring")
public record KeyringProperties(String masterKey) {
}
