package io.tether.command.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.vault.TetherVaultSetup;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.utility.MountableFile;
import org.testcontainers.vault.VaultContainer;

/**
 * The same contract against a real HashiCorp Vault in a container, where Docker runs, prepared by the
 * repository's own {@code vault/init.sh} (as compose's {@code vault-init} prepares it) and logged in with the
 * AppRole it creates: the policy under test is the one production runs.
 */
class VaultTransitCipherRealVaultTest extends VaultTransitCipherContract {

    private static final String ROOT_TOKEN = "tether-test-root-token";

    private static VaultContainer<?> vault;
    private static VaultTemplate template;

    private static final boolean DOCKER = DockerClientFactory.instance().isDockerAvailable();

    // Assumed before each test, not once before all: JUnit reports a class whose @BeforeAll assumption
    // fails as no test run at all, where each test must show as skipped with the reason.
    @Override
    void assumeVaultRuns() {
        Assumptions.assumeTrue(DOCKER,
                "No Docker engine on this machine: the real-Vault run of the cipher contract is skipped;"
                        + " VaultTransitCipherStandInTest runs the same contract against the Vault stand-in");
    }

    @BeforeAll
    static void startVault() throws Exception {
        if (!DOCKER) {
            return;
        }
        vault = new VaultContainer<>("hashicorp/vault:1.18.5")
                .withVaultToken(ROOT_TOKEN)
                .withCopyFileToContainer(MountableFile.forHostPath(TetherVaultSetup.POLICY_FILE.getParent().toAbsolutePath()), "/tether-vault");
        vault.start();
        ExecResult init = vault.execInContainer("sh", "-c",
                "VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN=" + ROOT_TOKEN + " sh /tether-vault/init.sh /approle");
        assertThat(init.getExitCode()).as("vault/init.sh: %s", init.getStderr()).isZero();
        String roleId = vault.execInContainer("cat", "/approle/tether.vault.role-id").getStdout().strip();
        String secretId = vault.execInContainer("cat", "/approle/tether.vault.secret-id").getStdout().strip();
        VaultEndpoint endpoint = VaultEndpoint.from(URI.create(vault.getHttpHostAddress()));
        template = new VaultTemplate(endpoint, new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                .roleId(RoleId.provided(roleId))
                .secretId(SecretId.provided(secretId))
                .build(), VaultClients.createRestTemplate(endpoint, new SimpleClientHttpRequestFactory())));
    }

    @AfterAll
    static void stopVault() throws Exception {
        if (template != null) {
            template.destroy();
        }
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
