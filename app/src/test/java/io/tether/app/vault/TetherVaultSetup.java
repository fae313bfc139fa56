package io.tether.app.vault;

import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import io.tether.app.vault.VaultStandIn.AppRoleSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code vault/init.sh} does to a Vault (compose's {@code vault-init} runs it), done to the stand-in: the
 * transit engine at {@code transit}, the repository's policy {@code vault/tether-policy.hcl} as {@code tether},
 * and an AppRole whose tokens carry it. Surefire runs in the module's directory, so the repository is {@code ..}.
 */
public final class TetherVaultSetup {

    public static final Path POLICY_FILE = Path.of("..", "vault", "tether-policy.hcl");
    public static final String MOUNT = "transit";

    private TetherVaultSetup() {
    }

    public static String policy() {
        try {
            return Files.readString(POLICY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("the repository's Vault policy cannot be read", e);
        }
    }

    /**
     * The repository's policy with one capability taken out of every rule (a rule left with none denies), e.g. to
     * see Tether without delete.
     */
    public static String policyWithout(String capability) {
        String policy = policy().replace(", \"" + capability + "\"", "").replace("\"" + capability + "\", ", "")
                .replace("[\"" + capability + "\"]", "[\"deny\"]");
        if (policy.contains("\"" + capability + "\"")) {
            throw new IllegalStateException("the policy still grants " + capability);
        }
        return policy;
    }

    public static AppRoleCredentials prepare(VaultStandIn vault) {
        return prepare(vault, AppRoleSettings.withPolicies("tether"));
    }

    public static AppRoleCredentials prepare(VaultStandIn vault, AppRoleSettings appRole) {
        vault.enableTransit(MOUNT);
        vault.writePolicy("tether", policy());
        return vault.enableAppRole(appRole);
    }
}
