package io.tether.app.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import io.tether.app.vault.VaultStandIn.AppRoleSettings;
import io.tether.infrastructure.audit.Ed25519;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LifecycleAwareSessionManagerSupport.FixedTimeoutRefreshTrigger;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.Signature;
import org.springframework.vault.support.VaultDecryptionResult;
import org.springframework.vault.support.VaultHealth;
import org.springframework.vault.support.VaultTransitContext;
import org.springframework.vault.support.VaultTransitKey;
import org.springframework.vault.support.VaultTransitKeyConfiguration;
import org.springframework.vault.support.VaultTransitKeyCreationRequest;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestTemplate;

/** The Vault stand-in, driven through Spring Vault itself: if Spring Vault accepts its answers, so can Tether. */
class VaultStandInTest {

    private static final String KEY = "account-7";
    private static final byte[] SECRET = "{\"refresh_token\":\"Atzr|secret\"}".getBytes(StandardCharsets.UTF_8);
    private static final VaultTransitContext OWNER = VaultTransitContext.fromContext(bytes("account-7"));
    private static final VaultTransitContext OTHER_OWNER = VaultTransitContext.fromContext(bytes("account-8"));
    private static final String ALL_OF_TRANSIT = "all-of-transit";

    private VaultStandIn vault;
    private VaultEndpoint endpoint;
    private VaultTemplate template;
    private VaultTransitOperations transit;

    @BeforeEach
    void startTheStandIn() {
        vault = VaultStandIn.start();
        vault.enableTransit("transit");
        vault.enableTransit("tether-transit");
        vault.writePolicy(ALL_OF_TRANSIT, """
                path "transit/*" {
                  capabilities = ["create", "read", "update", "delete", "list"]
                }
                """);
        endpoint = VaultEndpoint.from(vault.uri());
        template = new VaultTemplate(endpoint, new TokenAuthentication(vault.rootToken()));
        transit = template.opsForTransit("transit");
    }

    @AfterEach
    void stopTheStandIn() throws Exception {
        template.destroy();
        vault.close();
    }

    @Test
    void aDerivedKey_roundTripsUnderItsContext() {
        createDerivedKey(transit, KEY);

        Ciphertext sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        assertThat(sealed.getCiphertext()).startsWith("vault:v1:");
        assertThat(transit.decrypt(KEY, sealed).getPlaintext()).isEqualTo(SECRET);
        VaultTransitKey key = transit.getKey(KEY);
        assertThat(key.getType()).isEqualTo("aes256-gcm96");
        assertThat(key.isDerived()).isTrue();
        assertThat(key.getLatestVersion()).isEqualTo(1);
        assertThat(key.getMinDecryptionVersion()).isEqualTo(1);
        assertThat(key.isDeletionAllowed()).isFalse();
        assertThat(key.getKeys()).containsOnlyKeys("1");
    }

    @Test
    void theSamePlaintext_encryptsDifferentlyEachTime() {
        createDerivedKey(transit, KEY);

        assertThat(transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext())
                .isNotEqualTo(transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext());
    }

    @Test
    void aCiphertextUnderAnotherContext_doesNotDecrypt() {
        createDerivedKey(transit, KEY);
        String sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext();

        assertThatThrownBy(() -> transit.decrypt(KEY, Ciphertext.of(sealed).with(OTHER_OWNER)))
                .isInstanceOf(VaultException.class)
                .hasMessage("Status 400 Bad Request: cipher: message authentication failed")
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
    }

    @Test
    void aTamperedCiphertext_doesNotDecrypt() {
        createDerivedKey(transit, KEY);
        String sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext();
        int inTheMiddle = "vault:v1:".length() + 20;
        char flipped = sealed.charAt(inTheMiddle) == 'A' ? 'B' : 'A';
        String tampered = sealed.substring(0, inTheMiddle) + flipped + sealed.substring(inTheMiddle + 1);

        assertThatThrownBy(() -> transit.decrypt(KEY, Ciphertext.of(tampered).with(OWNER)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("cipher: message authentication failed");
    }

    @Test
    void aDerivedKey_refusesToEncryptWithoutAContext() {
        createDerivedKey(transit, KEY);

        assertThatThrownBy(() -> transit.encrypt(KEY, Plaintext.of(SECRET)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("missing 'context' for key derivation");
    }

    @Test
    void somethingThatIsNotAVaultCiphertext_isRefusedAsHavingNoPrefix() {
        createDerivedKey(transit, KEY);

        assertThatThrownBy(() -> transit.decrypt(KEY, Ciphertext.of("v1:AAAA").with(OWNER)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("invalid ciphertext: no prefix");
    }

    @Test
    void afterRotation_newCiphertextsUseTheNewVersion_andOldOnesStillDecrypt() {
        createDerivedKey(transit, KEY);
        Ciphertext old = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        transit.rotate(KEY);

        assertThat(transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext()).startsWith("vault:v2:");
        assertThat(transit.decrypt(KEY, old).getPlaintext()).isEqualTo(SECRET);
        assertThat(transit.getKey(KEY).getLatestVersion()).isEqualTo(2);
        assertThat(vault.latestKeyVersion("transit", KEY)).isEqualTo(2);
    }

    @Test
    void rewrap_movesAnOldCiphertextToTheLatestVersion_withoutRevealingIt() {
        createDerivedKey(transit, KEY);
        String old = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER)).getCiphertext();
        transit.rotate(KEY);

        String rewrapped = transit.rewrap(KEY, old, OWNER);

        assertThat(rewrapped).startsWith("vault:v2:");
        assertThat(transit.decrypt(KEY, Ciphertext.of(rewrapped).with(OWNER)).getPlaintext()).isEqualTo(SECRET);
    }

    @Test
    void aCiphertextBelowTheMinimumDecryptionVersion_isRefusedAsTooOld() {
        createDerivedKey(transit, KEY);
        Ciphertext old = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));
        transit.rotate(KEY);

        transit.configureKey(KEY, VaultTransitKeyConfiguration.builder().minDecryptionVersion(2).build());

        assertThatThrownBy(() -> transit.decrypt(KEY, old))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("ciphertext or signature version is disallowed by policy (too old)");
    }

    @Test
    void aKeyWhoseDeletionIsAllowed_canBeDeleted_andItsCiphertextsNoLongerDecrypt() {
        createDerivedKey(transit, KEY);
        Ciphertext sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        transit.configureKey(KEY, VaultTransitKeyConfiguration.builder().deletionAllowed(true).build());
        transit.deleteKey(KEY);

        assertThat(transit.getKey(KEY)).isNull();
        assertThat(vault.keyExists("transit", KEY)).isFalse();
        assertThatThrownBy(() -> transit.decrypt(KEY, sealed))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("encryption key not found");
    }

    @Test
    void aKeyWhoseDeletionIsNotAllowed_cannotBeDeleted() {
        createDerivedKey(transit, KEY);

        assertThatThrownBy(() -> transit.deleteKey(KEY))
                .isInstanceOf(VaultException.class)
                .hasMessage("Status 400 Bad Request [transit/keys/" + KEY + "]: error deleting policy " + KEY
                        + ": deletion is not allowed for this key");
        assertThat(vault.keyExists("transit", KEY)).isTrue();
    }

    @Test
    void encryptingUnderAnAbsentKey_createsIt_asVaultDoes() {
        assertThat(vault.keyExists("transit", KEY)).isFalse();

        Ciphertext sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        assertThat(sealed.getCiphertext()).startsWith("vault:v1:");
        assertThat(transit.getKey(KEY).isDerived()).isTrue();
        assertThat(transit.decrypt(KEY, sealed).getPlaintext()).isEqualTo(SECRET);
    }

    @Test
    void creatingAnExistingKeyAgain_changesNothing() {
        createDerivedKey(transit, KEY);
        Ciphertext sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        createDerivedKey(transit, KEY);

        assertThat(transit.getKey(KEY).getLatestVersion()).isEqualTo(1);
        assertThat(transit.decrypt(KEY, sealed).getPlaintext()).isEqualTo(SECRET);
    }

    @Test
    void aKeyTypeTheStandInDoesNotImplement_isRefused() {
        assertThatThrownBy(() -> transit.createKey(KEY, VaultTransitKeyCreationRequest.ofKeyType("rsa-2048")))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("rsa-2048");
        assertThat(vault.keyExists("transit", KEY)).isFalse();
    }

    /** Vault's ed25519 signing: the public key each version shows verifies what {@code sign} answered. */
    @Test
    void anEd25519Key_signs_andShowsThePublicKeyThatVerifies() {
        transit.createKey(KEY, VaultTransitKeyCreationRequest.builder().type("ed25519").exportable(false).build());

        Signature signature = transit.sign(KEY, Plaintext.of(SECRET));

        assertThat(signature.getSignature()).startsWith("vault:v1:");
        VaultTransitKey key = transit.getKey(KEY);
        assertThat(key.getType()).isEqualTo("ed25519");
        assertThat(key.supportsSigning()).isTrue();
        assertThat(key.isExportable()).isFalse();
        String raw = (String) ((Map<?, ?>) key.getKeys().get("1")).get("public_key");
        PublicKey publicKey = Ed25519.publicKey(Ed25519.x509FromRaw(Base64.getDecoder().decode(raw)));
        assertThat(Ed25519.verify(publicKey, SECRET, signature.getSignature().substring("vault:v1:".length()))).isTrue();
        assertThat(Ed25519.verify(publicKey, "another".getBytes(StandardCharsets.UTF_8),
                signature.getSignature().substring("vault:v1:".length()))).isFalse();
        assertThatThrownBy(() -> transit.encrypt(KEY, Plaintext.of(SECRET))).isInstanceOf(VaultException.class);
    }

    @Test
    void keysBelongToTheirMount() {
        VaultTransitOperations otherMount = template.opsForTransit("tether-transit");
        createDerivedKey(otherMount, KEY);
        Ciphertext sealed = otherMount.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        assertThat(otherMount.decrypt(KEY, sealed).getPlaintext()).isEqualTo(SECRET);
        assertThat(otherMount.getKeys()).containsExactly(KEY);
        assertThat(transit.getKey(KEY)).isNull();
        assertThat(transit.getKeys()).isEmpty();
        assertThatThrownBy(() -> transit.decrypt(KEY, sealed)).hasMessageContaining("encryption key not found");
    }

    @Test
    void aBatch_isEncryptedAndDecryptedItemByItem() {
        createDerivedKey(transit, KEY);
        List<Plaintext> plaintexts = List.of(Plaintext.of(SECRET).with(OWNER),
                Plaintext.of(bytes("two")).with(OTHER_OWNER));

        List<Ciphertext> sealed = transit.encrypt(KEY, plaintexts).stream().map(result -> result.get()).toList();
        List<VaultDecryptionResult> opened = transit.decrypt(KEY, sealed);

        assertThat(opened).extracting(result -> result.get().getPlaintext()).containsExactly(SECRET, bytes("two"));
    }

    @Test
    void aBatchWithOneFailingItem_failsAsAWhole_asVaultDoesSince1_14() {
        createDerivedKey(transit, KEY);
        Ciphertext sealed = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));
        Ciphertext underTheWrongContext = Ciphertext.of(sealed.getCiphertext()).with(OTHER_OWNER);

        assertThatThrownBy(() -> transit.decrypt(KEY, List.of(sealed, underTheWrongContext)))
                .isInstanceOf(VaultException.class)
                .hasMessageStartingWith("Status 400 Bad Request: {")
                .hasMessageContaining("\"error\":\"cipher: message authentication failed\"");
    }

    @Test
    void aWrongToken_isDeniedWith403() throws Exception {
        VaultTemplate stranger = new VaultTemplate(endpoint, new TokenAuthentication("hvs.not-a-token"));
        try {
            assertThatThrownBy(() -> stranger.opsForTransit("transit").encrypt(KEY, Plaintext.of(SECRET).with(OWNER)))
                    .isInstanceOf(VaultException.class)
                    .hasMessage("Status 403 Forbidden: permission denied")
                    .satisfies(e -> assertThat(status(e)).isEqualTo(403));
            assertThat(vault.keyExists("transit", KEY)).isFalse();
        } finally {
            stranger.destroy();
        }
    }

    @Test
    void aSealedVault_refusesEverything_andSaysSoInItsHealth_untilUnsealed() {
        createDerivedKey(transit, KEY);
        Ciphertext sealedBeforehand = transit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

        vault.seal();

        assertThatThrownBy(() -> transit.decrypt(KEY, sealedBeforehand))
                .isInstanceOf(VaultException.class)
                .hasMessage("Status 503 Service Unavailable: Vault is sealed")
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
        assertThatThrownBy(() -> transit.getKey(KEY)).hasMessageContaining("503");
        VaultHealth sealedHealth = template.opsForSys().health();
        assertThat(sealedHealth.isSealed()).isTrue();
        assertThat(sealedHealth.isInitialized()).isTrue();

        vault.unseal();

        assertThat(template.opsForSys().health().isSealed()).isFalse();
        assertThat(transit.decrypt(KEY, sealedBeforehand).getPlaintext()).isEqualTo(SECRET);
    }

    @Test
    void anUnsealedVault_isHealthy() {
        VaultHealth health = template.opsForSys().health();

        assertThat(health.isInitialized()).isTrue();
        assertThat(health.isSealed()).isFalse();
        assertThat(health.isStandby()).isFalse();
        assertThat(health.getVersion()).isEqualTo(VaultStandIn.IMITATED_VERSION);
    }

    @Test
    void anAppRoleLogin_givesAWorkingSession() throws Exception {
        AppRoleCredentials credentials = vault.enableAppRole(AppRoleSettings.withPolicies(ALL_OF_TRANSIT));
        VaultTemplate appRoleTemplate = new VaultTemplate(endpoint, appRole(credentials, restTemplate()));
        try {
            VaultTransitOperations appRoleTransit = appRoleTemplate.opsForTransit("transit");
            createDerivedKey(appRoleTransit, KEY);

            Ciphertext sealed = appRoleTransit.encrypt(KEY, Plaintext.of(SECRET).with(OWNER));

            assertThat(appRoleTransit.decrypt(KEY, sealed).getPlaintext()).isEqualTo(SECRET);
            assertThat(vault.requestCount("auth/approle/login")).isEqualTo(1);
        } finally {
            appRoleTemplate.destroy();
        }
    }

    @Test
    void aWrongSecretId_doesNotLogIn() {
        AppRoleCredentials credentials = vault.enableAppRole(AppRoleSettings.withPolicies(ALL_OF_TRANSIT));
        AppRoleCredentials wrong = new AppRoleCredentials(credentials.roleId(), "not-the-secret-id");

        assertThatThrownBy(() -> appRole(wrong, restTemplate()).login())
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("invalid role or secret ID");
    }

    @Test
    void aSessionManager_renewsItsAppRoleToken_andRevokesItWhenDestroyed() throws Exception {
        AppRoleCredentials credentials = vault.enableAppRole(AppRoleSettings.withPolicies(ALL_OF_TRANSIT));
        RestTemplate rest = restTemplate();
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        // Renewal is due this long before expiry, so on a one-hour token it comes a second after login.
        var renewSoon = new FixedTimeoutRefreshTrigger(Duration.ofHours(1).minusSeconds(1), Duration.ofSeconds(5));
        var sessions = new LifecycleAwareSessionManager(appRole(credentials, rest), scheduler, rest, renewSoon);
        try {
            assertThat(sessions.getSessionToken()).isInstanceOfSatisfying(LoginToken.class, login -> {
                assertThat(login.isRenewable()).isTrue();
                assertThat(login.getLeaseDuration()).isEqualTo(Duration.ofHours(1));
            });
            String token = sessions.getSessionToken().getToken();

            await().atMost(Duration.ofSeconds(10)).until(() -> vault.requestCount("auth/token/renew-self") >= 1);

            assertThat(sessions.getSessionToken().getToken()).isEqualTo(token);
            VaultTemplate session = new VaultTemplate(endpoint, new SimpleClientHttpRequestFactory(), sessions);
            assertThat(session.opsForTransit("transit").encrypt(KEY, "works")).startsWith("vault:v1:");
            assertThat(vault.requestCount("auth/approle/login")).isEqualTo(1);

            sessions.destroy();

            assertThat(vault.requestCount("auth/token/revoke-self")).isEqualTo(1);
            VaultTemplate revoked = new VaultTemplate(endpoint, new TokenAuthentication(token));
            assertThatThrownBy(() -> revoked.opsForTransit("transit").encrypt(KEY, "denied"))
                    .hasMessageContaining("permission denied");
            revoked.destroy();
        } finally {
            sessions.destroy();
            scheduler.shutdown();
        }
    }

    @Test
    void aSessionManagerOnTheRootToken_looksItUp_andFindsItNeitherExpiringNorRenewable() throws Exception {
        RestTemplate rest = restTemplate();
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        var sessions = new LifecycleAwareSessionManager(new TokenAuthentication(vault.rootToken()), scheduler, rest);
        try {
            assertThat(sessions.getSessionToken()).isInstanceOfSatisfying(LoginToken.class, token -> {
                assertThat(token.getToken()).isEqualTo(vault.rootToken());
                assertThat(token.isRenewable()).isFalse();
                assertThat(token.getLeaseDuration()).isZero();
            });
            assertThat(vault.requestCount("auth/token/lookup-self")).isEqualTo(1);

            assertThat(sessions.renewToken()).as("Vault refuses to renew a token without a lease").isFalse();
            assertThat(vault.requestCount("auth/token/renew-self")).isEqualTo(1);
        } finally {
            sessions.destroy();
            scheduler.shutdown();
        }
    }

    @Test
    void revokedTokens_areDenied_butTheRootTokenStays() throws Exception {
        VaultTemplate appRoleTemplate = new VaultTemplate(endpoint, appRole(vault.enableAppRole(AppRoleSettings.withPolicies(ALL_OF_TRANSIT)), restTemplate()));
        try {
            assertThat(appRoleTemplate.opsForTransit("transit").encrypt(KEY, "before")).startsWith("vault:v1:");

            vault.revokeAllTokens();

            assertThatThrownBy(() -> appRoleTemplate.opsForTransit("transit").encrypt(KEY, "after"))
                    .hasMessageContaining("403");
            assertThat(transit.encrypt(KEY, "root")).startsWith("vault:v1:");
        } finally {
            appRoleTemplate.destroy();
        }
    }

    @Test
    void theWireFormat_matchesVaultsForAbsentKeysUnknownPathsAndWrongMethods() throws Exception {
        Raw absentKey = raw("GET", "/v1/transit/keys/absent", vault.rootToken());
        assertThat(absentKey.status()).isEqualTo(404);
        assertThat(absentKey.body()).hasToString("{\"errors\":[]}");

        assertThat(raw("GET", "/v1/nowhere", vault.rootToken()).status()).isEqualTo(404);
        assertThat(raw("PATCH", "/v1/transit/encrypt/" + KEY, vault.rootToken()).status()).isEqualTo(405);

        Raw noToken = raw("GET", "/v1/transit/keys/absent", null);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).hasToString("{\"errors\":[\"permission denied\"]}");

        vault.seal();
        Raw sealedHealth = raw("GET", "/v1/sys/health", null);
        assertThat(sealedHealth.status()).isEqualTo(503);
        assertThat(sealedHealth.body().get("sealed").asBoolean()).isTrue();
        assertThat(raw("GET", "/v1/transit/keys/absent", vault.rootToken()).body())
                .hasToString("{\"errors\":[\"Vault is sealed\"]}");
    }

    private static void createDerivedKey(VaultTransitOperations operations, String keyName) {
        operations.createKey(keyName,
                VaultTransitKeyCreationRequest.builder().type("aes256-gcm96").derived(true).build());
    }

    private RestTemplate restTemplate() {
        return VaultClients.createRestTemplate(endpoint, new SimpleClientHttpRequestFactory());
    }

    private static AppRoleAuthentication appRole(AppRoleCredentials credentials, RestTemplate rest) {
        return new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                .roleId(RoleId.provided(credentials.roleId()))
                .secretId(SecretId.provided(credentials.secretId()))
                .build(), rest);
    }

    /** The HTTP status Spring Vault saw, which it keeps in the cause rather than in {@link VaultException}. */
    private static int status(Throwable vaultException) {
        return ((HttpStatusCodeException) vaultException.getCause()).getStatusCode().value();
    }

    private record Raw(int status, JsonNode body) {
    }

    private Raw raw(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? null : new ObjectMapper().readTree(response.body());
        return new Raw(response.statusCode(), body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
