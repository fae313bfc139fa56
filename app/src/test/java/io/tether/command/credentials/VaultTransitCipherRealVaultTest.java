package io.tether.command.credentials;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

/** The same contract against a real HashiCorp Vault in a container, where Docker runs. */
class VaultTransitCipherRealVaultTest extends VaultTransitCipherContract {

    private static final String ROOT_TOKEN = "tether-test-root-token";

    private static VaultContainer<?> vault;
    private static VaultTemplate template;

    @BeforeAll
    static void startVault() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine on this machine: the real-Vault run of the cipher contract is skipped;"
                        + " VaultTransitCipherStandInTest runs the same contract against the Vault stand-in");
        vault = new VaultContainer<>("hashicorp/vault:1.18.5")
                .withVaultToken(ROOT_TOKEN)
                .withInitCommand("secrets enable transit");
        vault.start();
        template = new VaultTemplate(VaultEndpoint.from(URI.create(vault.getHttpHostAddress())),
                new TokenAuthentication(ROOT_TOKEN));
    }

    @AfterAll
    static void stopVault() {
        if (vault != null) {
            vault.stop();
        }
    }

    @Override
    VaultOperations vault() {
        return template;
    }

    @Override
    URI vaultUri() {
        return URI.create(vault.getHttpHostAddress());
    }
}
