package io.tether.command.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local keyring's master key: 32 bytes, base64 ({@code TETHER_KEYRING_MASTER_KEY}). When it is
 * empty, a key is generated once into the data directory, readable by its owner only.
 * {@code openedKeyLifetime} is how long a node keeps a data key it has opened (unwrapped) in memory, so that
 * credential reads of the same owner neither fetch nor unwrap it again; {@code 0s} keeps none. Destroying or
 * rotating an owner's key on this node drops what it kept of that owner at once.
 */
@ConfigurationProperties("tether.keyring")
public record KeyringProperties(String masterKey, @DefaultValue("30s") Duration openedKeyLifetime) {

    public KeyringProperties {
        if (openedKeyLifetime == null) {
            openedKeyLifetime = Duration.ofSeconds(30);
        }
        if (openedKeyLifetime.isNegative() || openedKeyLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("tether.keyring.opened-key-lifetime must be between 0s and 10m, was "
                    + openedKeyLifetime);
        }
    }
}
