package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIALS_SHREDDED;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_UNREADABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalKeyringCipherTest {

    private static final UUID ORGANIZATION_ID = UUID.randomUUID();
    private static final UUID ACCOUNT_ID = UUID.randomUUID();
    private static final CredentialOwner OWNER = CredentialOwner.accountCredentials(ORGANIZATION_ID, ACCOUNT_ID);
    private static final String REFRESH_TOKEN = "Atzr|IwEBIPlaintextRefreshToken";
    private static final String CLIENT_SECRET = "amzn1.oa2-cs.v1.plaintext-client-secret";
    private static final Map<String, String> CREDENTIALS = Map.of(
            "refresh_token", REFRESH_TOKEN,
            "client_secret", CLIENT_SECRET);

    private static final Duration KEPT = Duration.ofMinutes(1);

    private final InMemoryDataKeyStore dataKeys = new InMemoryDataKeyStore();
    private final LocalKeyringCipher cipher = new LocalKeyringCipher(randomKey(), dataKeys, KEPT);

    @Test
    void decrypt_forTheOwnerItWasSealedFor_givesBackTheCredentials() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);

        assertThat(cipher.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void encrypt_writesALocalV1CiphertextThatRevealsNoSecret() {
        String ciphertext = cipher.encrypt(OWNER, CREDENTIALS).ciphertext();

        assertThat(ciphertext).startsWith("local:v1:");
        byte[] body = Base64.getDecoder().decode(ciphertext.substring("local:v1:".length()));
        for (String secret : CREDENTIALS.values()) {
            assertThat(ciphertext)
                    .doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        }
    }

    @Test
    void encrypt_twice_givesDifferentCiphertexts() {
        EncryptedCredentials first = cipher.encrypt(OWNER, CREDENTIALS);
        EncryptedCredentials second = cipher.encrypt(OWNER, CREDENTIALS);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(cipher.decrypt(OWNER, first)).isEqualTo(cipher.decrypt(OWNER, second));
    }

    @Test
    void decrypt_forAnotherAccount_isRefused() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        CredentialOwner otherAccount = CredentialOwner.accountCredentials(ORGANIZATION_ID, UUID.randomUUID());

        assertThatThrownBy(() -> cipher.decrypt(otherAccount, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_forAnotherOrganization_isRefused() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        CredentialOwner otherOrganization = CredentialOwner.accountCredentials(UUID.randomUUID(), ACCOUNT_ID);

        assertThatThrownBy(() -> cipher.decrypt(otherOrganization, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_forAnotherField_isRefused() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        CredentialOwner otherField = new CredentialOwner(ORGANIZATION_ID, ACCOUNT_ID, "webhook_secret");

        assertThatThrownBy(() -> cipher.decrypt(otherField, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_withAnotherKey_isRefused() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        LocalKeyringCipher otherKeyring = new LocalKeyringCipher(randomKey(), dataKeys, KEPT);

        assertThatThrownBy(() -> otherKeyring.decrypt(OWNER, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_ofATamperedCiphertext_isRefused() {
        String ciphertext = cipher.encrypt(OWNER, CREDENTIALS).ciphertext();
        // A character in the middle of the body: all six of its bits are data, unlike the last one's.
        int index = "local:v1:".length() + (ciphertext.length() - "local:v1:".length()) / 2;
        char flipped = ciphertext.charAt(index) == 'A' ? 'B' : 'A';
        String tampered = ciphertext.substring(0, index) + flipped + ciphertext.substring(index + 1);

        assertThatThrownBy(() -> cipher.decrypt(OWNER, new EncryptedCredentials(tampered)))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_withAnUnknownPrefix_isRefused() {
        String ciphertext = cipher.encrypt(OWNER, CREDENTIALS).ciphertext();
        String vaultLike = "vault:v1:" + ciphertext.substring("local:v1:".length());

        assertThatThrownBy(() -> cipher.decrypt(OWNER, new EncryptedCredentials(vaultLike)))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_ofABodyThatIsNotBase64_isRefused() {
        assertThatThrownBy(() -> cipher.decrypt(OWNER, new EncryptedCredentials("local:v1:not*base64!")))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_ofABodyShorterThanANonce_isRefused() {
        assertThatThrownBy(() -> cipher.decrypt(OWNER, new EncryptedCredentials("local:v1:AAAA")))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void decrypt_again_opensWithTheKeptKey_withoutFetchingItFromTheStore() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        cipher.decrypt(OWNER, sealed);
        // The stored key is gone from under the cipher, as no code path does: only the kept one can open it now.
        dataKeys.forget("owner-" + ACCOUNT_ID);

        assertThat(cipher.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void decrypt_afterTheKeyIsDestroyed_isRefusedAtOnce_althoughTheKeyWasKept() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        cipher.decrypt(OWNER, sealed);

        cipher.destroyKey(ACCOUNT_ID);

        assertThatThrownBy(() -> cipher.decrypt(OWNER, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
    }

    @Test
    void decrypt_afterARotation_fetchesTheKeyAgain() {
        EncryptedCredentials sealed = cipher.encrypt(OWNER, CREDENTIALS);
        cipher.decrypt(OWNER, sealed);

        cipher.rotateKey(ACCOUNT_ID);
        dataKeys.forget("owner-" + ACCOUNT_ID);

        assertThatThrownBy(() -> cipher.decrypt(OWNER, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void withNoOpenedKeyLifetime_everyDecryptFetchesTheKey() {
        LocalKeyringCipher keepingNothing = new LocalKeyringCipher(randomKey(), dataKeys, Duration.ZERO);
        EncryptedCredentials sealed = keepingNothing.encrypt(OWNER, CREDENTIALS);
        keepingNothing.decrypt(OWNER, sealed);

        dataKeys.forget("owner-" + ACCOUNT_ID);

        assertThatThrownBy(() -> keepingNothing.decrypt(OWNER, sealed))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_UNREADABLE);
    }

    @Test
    void anOpenedKeyLifetimeBeyondTenMinutes_isRefused() {
        assertThatThrownBy(() -> new KeyringProperties("", Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void construct_withAKeyOfTheWrongLength_isRefused(int length) {
        assertThatThrownBy(() -> new LocalKeyringCipher(new byte[length], dataKeys, KEPT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void construct_withAConfiguredKeyOfTheWrongLength_isRefused(@TempDir Path dataDir) {
        KeyringProperties properties = new KeyringProperties(Base64.getEncoder().encodeToString(new byte[16]), KEPT);

        assertThatThrownBy(() -> new LocalKeyringCipher(properties, new DataDirectory(dataDir), dataKeys))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void construct_withAConfiguredKeyThatIsNotBase64_isRefused(@TempDir Path dataDir) {
        KeyringProperties properties = new KeyringProperties("not*base64!", KEPT);

        assertThatThrownBy(() -> new LocalKeyringCipher(properties, new DataDirectory(dataDir), dataKeys))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyringWithTheSameConfiguredKey_opensTheCiphertext(@TempDir Path dataDir) {
        KeyringProperties properties = new KeyringProperties(Base64.getEncoder().encodeToString(randomKey()), KEPT);
        EncryptedCredentials sealed = new LocalKeyringCipher(properties, new DataDirectory(dataDir), dataKeys)
                .encrypt(OWNER, CREDENTIALS);

        LocalKeyringCipher restarted = new LocalKeyringCipher(properties, new DataDirectory(dataDir), dataKeys);

        assertThat(restarted.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void withoutAConfiguredKey_aGeneratedKeyOpensTheCiphertextAfterARestart(@TempDir Path dataDir) {
        KeyringProperties noKey = new KeyringProperties("", KEPT);
        EncryptedCredentials sealed = new LocalKeyringCipher(noKey, new DataDirectory(dataDir), dataKeys)
                .encrypt(OWNER, CREDENTIALS);

        LocalKeyringCipher restarted = new LocalKeyringCipher(noKey, new DataDirectory(dataDir), dataKeys);

        assertThat(restarted.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
        assertThat(dataDir.resolve("keyring/master.key")).exists();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void rotateKey_sealsNewCredentialsUnderTheNewVersion_andOlderCiphertextsStillOpen() {
        EncryptedCredentials before = cipher.encrypt(OWNER, CREDENTIALS);

        int version = cipher.rotateKey(ACCOUNT_ID);
        EncryptedCredentials after = cipher.encrypt(OWNER, CREDENTIALS);

        assertThat(version).isEqualTo(2);
        assertThat(before.ciphertext()).startsWith("local:v1:");
        assertThat(after.ciphertext()).startsWith("local:v2:");
        assertThat(cipher.decrypt(OWNER, before)).isEqualTo(CREDENTIALS);
        assertThat(cipher.decrypt(OWNER, after)).isEqualTo(CREDENTIALS);
    }

    @Test
    void encrypt_sealsUnderTheNewestStoredVersion_althoughAnOlderOneIsKeptOpened() {
        byte[] masterKey = randomKey();
        LocalKeyringCipher node = new LocalKeyringCipher(masterKey, dataKeys, KEPT);
        LocalKeyringCipher otherNode = new LocalKeyringCipher(masterKey, dataKeys, KEPT);
        node.decrypt(OWNER, node.encrypt(OWNER, CREDENTIALS));

        otherNode.rotateKey(ACCOUNT_ID);
        EncryptedCredentials sealed = node.encrypt(OWNER, CREDENTIALS);

        assertThat(sealed.keyVersion()).isEqualTo(2);
        assertThat(otherNode.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void encrypt_ofAnOwnersFirstCredentials_whenAnotherTransactionStoredItsKeyFirst_sealsUnderTheStoredKey() {
        byte[] masterKey = randomKey();
        // Each node looks for the owner's key before the other stores one: it finds none, makes its own, and the
        // second node's insert then loses to the first's.
        InMemoryDataKeyStore lateToLook = new InMemoryDataKeyStore() {
            @Override
            public StoredDataKey latestOrFirst(String keyName, byte[] wrappedFirst) {
                return insertIfAbsent(keyName, 1, wrappedFirst);
            }
        };
        LocalKeyringCipher otherNode = new LocalKeyringCipher(masterKey, lateToLook, KEPT);
        otherNode.encrypt(OWNER, CREDENTIALS);

        EncryptedCredentials sealed = new LocalKeyringCipher(masterKey, lateToLook, KEPT).encrypt(OWNER, CREDENTIALS);

        assertThat(otherNode.decrypt(OWNER, sealed)).isEqualTo(CREDENTIALS);
    }

    @Test
    void rewrap_reSealsAnOlderCiphertextUnderTheNewestVersion() {
        EncryptedCredentials before = cipher.encrypt(OWNER, CREDENTIALS);
        cipher.rotateKey(ACCOUNT_ID);

        EncryptedCredentials rewrapped = cipher.rewrap(OWNER, before);

        assertThat(rewrapped.keyVersion()).isEqualTo(2);
        assertThat(cipher.decrypt(OWNER, rewrapped)).isEqualTo(CREDENTIALS);
    }

    @Test
    void rotateKey_ofAnOwnerWithoutAKey_isRefused() {
        assertThatThrownBy(() -> cipher.rotateKey(UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyKey_makesEveryVersionUnrecoverable_andSaysSo() {
        EncryptedCredentials first = cipher.encrypt(OWNER, CREDENTIALS);
        cipher.rotateKey(ACCOUNT_ID);
        EncryptedCredentials second = cipher.encrypt(OWNER, CREDENTIALS);

        cipher.destroyKey(ACCOUNT_ID);

        assertThatThrownBy(() -> cipher.decrypt(OWNER, first)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThatThrownBy(() -> cipher.decrypt(OWNER, second)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThatThrownBy(() -> cipher.encrypt(OWNER, CREDENTIALS)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThat(dataKeys.latest("owner-" + ACCOUNT_ID).orElseThrow().wrappedKey()).isNull();
    }

    @Test
    void destroyKey_ofAnOwnerThatNeverHadOne_leavesATombstone() {
        UUID neverConnected = UUID.randomUUID();
        cipher.destroyKey(neverConnected);
        cipher.destroyKey(neverConnected);

        assertThat(dataKeys.isDestroyed("owner-" + neverConnected)).isTrue();
    }

    @Test
    void encrypt_forAnOwnerShreddedBeforeItsFirstSeal_isRefused_andMakesNoKey() {
        UUID neverConnected = UUID.randomUUID();
        cipher.destroyKey(neverConnected);

        assertThatThrownBy(() -> cipher.encrypt(CredentialOwner.accountCredentials(ORGANIZATION_ID, neverConnected), CREDENTIALS))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIALS_SHREDDED);
        assertThat(dataKeys.version("owner-" + neverConnected, 1)).isEmpty();
    }

    @Test
    void aDataKey_isStoredWrapped_neverInTheClear() {
        cipher.encrypt(OWNER, CREDENTIALS);
        byte[] stored = dataKeys.latest("owner-" + ACCOUNT_ID).orElseThrow().wrappedKey();

        assertThat(stored).hasSize(12 + 32 + 16);
    }
}
