package io.tether.command.credentials;

import io.tether.api.problem.ProblemException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultHealth;

/**
 * Vault is up when it answers, is initialized and is unsealed, and Tether's own session can use the
 * transit mount under its key prefix: a logged-in read of a key there, which the transit engine answers
 * (an absent key is fine). A refused login, a policy that denies the prefix or a mount that is not there
 * is DOWN, with the refusal's code, since every credential operation would fail the same way.
 */
@Component("vault")
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultHealthIndicator extends AbstractHealthIndicator {

    private final VaultOperations vault;
    private final VaultTransitCipher cipher;
    private final VaultProperties properties;

    VaultHealthIndicator(VaultOperations vault, VaultTransitCipher cipher, VaultProperties properties) {
        super("Vault health check failed");
        this.vault = vault;
        this.cipher = cipher;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        VaultHealth health = vault.opsForSys().health();
        builder.withDetail("initialized", health.isInitialized())
                .withDetail("sealed", health.isSealed())
                .withDetail("version", String.valueOf(health.getVersion()))
                .withDetail("transit_path", properties.transitPath())
                .withDetail("key_prefix", properties.keyPrefix());
        if (properties.usesNamespace()) {
            builder.withDetail("namespace", properties.namespace());
        }
        if (!health.isInitialized() || health.isSealed()) {
            builder.down();
            return;
        }
        try {
            cipher.checkAccess();
            builder.up().withDetail("access", "granted");
        } catch (ProblemException refused) {
            if (!CredentialCipher.isKeyStoreFailure(refused)) {
                throw refused;
            }
            builder.down().withDetail("access", refused.code().code()).withDetail("error", refused.getMessage());
        }
    }
}
