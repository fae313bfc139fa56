package io.tether.command.credentials;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultHealth;

/** Vault is up when it answers, is initialized and is unsealed; credentials cannot be sealed otherwise. */
@Component("vault")
@ConditionalOnProperty(name = "tether.credentials.cipher", havingValue = "vault")
class VaultHealthIndicator extends AbstractHealthIndicator {

    private final VaultOperations vault;

    VaultHealthIndicator(VaultOperations vault) {
        super("Vault health check failed");
        this.vault = vault;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        VaultHealth health = vault.opsForSys().health();
        builder.withDetail("initialized", health.isInitialized())
                .withDetail("sealed", health.isSealed())
                .withDetail("version", String.valueOf(health.getVersion()));
        if (health.isInitialized() && !health.isSealed()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
