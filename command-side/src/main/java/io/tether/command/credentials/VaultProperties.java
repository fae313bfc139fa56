package io.tether.command.credentials;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Vault that seals credentials when {@code tether.credentials.cipher=vault}: its address
 * ({@code VAULT_ADDR}), and either a token ({@code VAULT_TOKEN}) or an AppRole
 * ({@code VAULT_ROLE_ID} and {@code VAULT_SECRET_ID}); the namespace every request and the login go to
 * ({@code VAULT_NAMESPACE}, Vault Enterprise and HCP only, none by default); the transit engine's mount
 * path, and the prefix of the per-owner key names, which {@code vault/tether-policy.hcl} grants; how
 * long a shredding the key store did not confirm waits before it is tried again (whichever the cipher).
 */
@ConfigurationProperties("tether.vault")
public record VaultProperties(
        URI uri,
        String token,
        String roleId,
        String secretId,
        String namespace,
        @DefaultValue("transit") String transitPath,
        @DefaultValue("tether-") String keyPrefix,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("30s") Duration shreddingRetryInterval) {

    boolean usesAppRole() {
        return roleId != null && !roleId.isBlank();
    }

    boolean usesNamespace() {
        return namespace != null && !namespace.isBlank();
    }
}
