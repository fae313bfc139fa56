package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultTransitKey;

/**
 * What {@link VaultTransitCipher} promises, checked against whichever Vault a subclass provides (the stand-in
 * in every build, a real Vault where Docker can run one), each logged in with the AppRole that
 * {@code vault/init.sh} creates, so under the repository's own policy {@code vault/tether-policy.hcl}.
 */
abstract class VaultTransitCipherContract {

    static final String MOUNT = "transit";
    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final Map<String, String> CREDENTIALS = Map.of("refresh_token", "Atzr|vault-contract", "profile_id", "7");

    private final InMemoryShreddedKeys shreddedKeys = new InMemoryShreddedKeys();
    private SimpleMeterRegistry meters;
    private CredentialCipher cipher;
    private UUID accountId;
    private CredentialOwner owner;

    abstract VaultOperations vault();

    abstract URI vaultUri();

    /** Where the Vault under test cannot run, each test is skipped here, saying why. */
    void assumeVaultRuns() {
    }

    @BeforeEach
    void aFreshOwner() {
        assumeVaultRuns();
        meters = new SimpleMeterRegistry();
        cipher = new VaultTransitCipher(vault(), properties(), shreddedKeys, meters);
        accountId = UUID.randomUUID();
        owner = CredentialOwner.accountCredentials(ORGANIZATION_ID, accountId);
    }

    @Test
    void credentials_areSealedAsVersionedVaultCiphertext_andOpenForTheirOwner() {
        EncryptedCredentials sealed = cipher.encrypt(owner, CREDENTIALS);

        assertThat(sealed.ciphertext()).startsWith("vault:v1:").doesNotContain("Atzr");
        assertThat(cipher.decrypt(owner, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void everyOperation_isTimedByOperationAndOutcome() {
        EncryptedCredentials sealed = cipher.encrypt(owner, CREDENTIALS);
        cipher.decrypt(owner, sealed);

        assertThat(meters.find("tether.vault.operations").tag("operation", "encrypt").tag("outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meters.find("tether.vault.operations").tag("operation", "decrypt").tag("outcome", "success")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void eachOwner_getsADerivedDeletableAesGcmKeyOfItsOwn() {
        cipher.encrypt(owner, CREDENTIALS);

        VaultTransitKey key = vault().opsForTransit(MOUNT).getKey("tether-" + accountId);
        assertThat(key).isNotNull();
        assertThat(key.getType()).isEqualTo("aes256-gcm96");
        assertThat(key.isDerived()).isTrue();
        assertThat(key.isDeletionAllowed()).isTrue();
    }

    @Test
    void aCiphertextCopiedToAnotherOwner_doesNotOpen() {
        EncryptedCredentials sealed = cipher.encrypt(owner, CREDENTIALS);
        CredentialOwner otherAccount = CredentialOwner.accountCredentials(ORGANIZATION_ID, UUID.randomUUID());
        cipher.encrypt(otherAccount, CREDENTIALS);

        assertThatThrownBy(() -> cipher.decrypt(otherAccount, sealed)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
        assertThatThrownBy(() -> cipher.decrypt(CredentialOwner.accountCredentials(UUID.randomUUID(), accountId), sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
        assertThatThrownBy(() -> cipher.decrypt(new CredentialOwner(ORGANIZATION_ID, accountId, "webhook_secret"), sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void anAlteredCiphertext_doesNotOpen() {
        String ciphertext = cipher.encrypt(owner, CREDENTIALS).ciphertext();
        int middle = "vault:v1:".length() + 10;
        char flipped = ciphertext.charAt(middle) == 'A' ? 'B' : 'A';
        EncryptedCredentials altered = new EncryptedCredentials(
                ciphertext.substring(0, middle) + flipped + ciphertext.substring(middle + 1));

        assertThatThrownBy(() -> cipher.decrypt(owner, altered)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void afterRotation_newCiphertextsUseTheNewVersion_oldOnesStillOpen_andRewrapBringsThemForward() {
        EncryptedCredentials v1 = cipher.encrypt(owner, CREDENTIALS);

        assertThat(cipher.rotateKey(accountId)).isEqualTo(2);
        EncryptedCredentials v2 = cipher.encrypt(owner, CREDENTIALS);
        EncryptedCredentials rewrapped = cipher.rewrap(owner, v1);

        assertThat(v2.keyVersion()).isEqualTo(2);
        assertThat(rewrapped.keyVersion()).isEqualTo(2);
        assertThat(cipher.decrypt(owner, v1)).isEqualTo(CREDENTIALS);
        assertThat(cipher.decrypt(owner, rewrapped)).isEqualTo(CREDENTIALS);
    }

    @Test
    void aDestroyedKey_isGoneFromVault_andItsCiphertextsAreReportedShredded() {
        EncryptedCredentials sealed = cipher.encrypt(owner, CREDENTIALS);

        cipher.destroyKey(accountId);
        cipher.destroyKey(accountId);

        assertThat(vault().opsForTransit(MOUNT).getKey("tether-" + accountId)).isNull();
        assertThatThrownBy(() -> cipher.decrypt(owner, sealed)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThatThrownBy(() -> cipher.encrypt(owner, CREDENTIALS)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThat(vault().opsForTransit(MOUNT).getKey("tether-" + accountId)).isNull();
    }

    @Test
    void destroyingAKeyThatNeverExisted_isConfirmedByTheTransitEngine_andRecorded() {
        UUID neverConnected = UUID.randomUUID();

        cipher.destroyKey(neverConnected);

        assertThat(shreddedKeys.contains(neverConnected)).isTrue();
    }

    @Test
    void aLocalKeyringCiphertext_isNotOpenedByVault() {
        EncryptedCredentials local = new EncryptedCredentials("local:v1:AAAAAAAAAAAAAAAAAAAAAAAA");

        assertThatThrownBy(() -> cipher.decrypt(owner, local)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    private VaultProperties properties() {
        return new VaultProperties(vaultUri(), "unused-by-the-cipher", null, null, null, MOUNT, "tether-",
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    CredentialCipher cipher() {
        return cipher;
    }

    CredentialOwner owner() {
        return owner;
    }

    UUID accountId() {
        return accountId;
    }

    InMemoryShreddedKeys shreddedKeys() {
        return shreddedKeys;
    }

    static Map<String, String> credentials() {
        return CREDENTIALS;
    }
}
