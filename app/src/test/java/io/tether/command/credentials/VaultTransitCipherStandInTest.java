package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tether.api.problem.ProblemException;
import io.tether.app.vault.VaultStandIn;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;

/** The Vault cipher against the Vault stand-in, in every build; plus the outages only a stand-in can stage. */
class VaultTransitCipherStandInTest extends VaultTransitCipherContract {

    private static VaultStandIn standIn;
    private static VaultTemplate template;

    @BeforeAll
    static void startTheStandIn() {
        standIn = VaultStandIn.start();
        template = new VaultTemplate(VaultEndpoint.from(standIn.uri()), new TokenAuthentication(standIn.rootToken()));
    }

    @AfterAll
    static void stopTheStandIn() {
        standIn.close();
    }

    @AfterEach
    void unsealAgain() {
        standIn.unseal();
    }

    @Override
    VaultOperations vault() {
        return template;
    }

    @Override
    URI vaultUri() {
        return standIn.uri();
    }

    @Test
    void aSealedVault_makesEveryOperationFailAsUnavailable_neverInPlaintext() {
        var sealed = cipher().encrypt(owner(), credentials());
        standIn.seal();

        assertThatThrownBy(() -> cipher().encrypt(owner(), credentials())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_UNAVAILABLE);
        assertThatThrownBy(() -> cipher().decrypt(owner(), sealed)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_UNAVAILABLE);
    }

    @Test
    void aVaultThatRefusesTheToken_makesOperationsFailAsUnavailable() {
        VaultTemplate wrongToken = new VaultTemplate(VaultEndpoint.from(standIn.uri()), new TokenAuthentication("not-a-token"));
        CredentialCipher refused = new VaultTransitCipher(wrongToken,
                new VaultProperties(standIn.uri(), "not-a-token", null, null, MOUNT, "tether-",
                        java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5)),
                new InMemoryShreddedKeys(), new SimpleMeterRegistry());

        assertThatThrownBy(() -> refused.encrypt(owner(), credentials())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_UNAVAILABLE);
    }

    @Test
    void anUnreachableVault_makesOperationsFailAsUnavailable() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        VaultTemplate unreachable = new VaultTemplate(VaultEndpoint.from(nowhere), new TokenAuthentication("token"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CredentialCipher cipher = new VaultTransitCipher(unreachable,
                new VaultProperties(nowhere, "token", null, null, MOUNT, "tether-",
                        java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5)),
                new InMemoryShreddedKeys(), meters);

        assertThatThrownBy(() -> cipher.encrypt(owner(), credentials())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_UNAVAILABLE);
        assertThat(meters.find("tether.vault.operations").tag("operation", "encrypt")
                .tag("outcome", "credential_store_unavailable").timer().count()).isEqualTo(1);
    }
}
