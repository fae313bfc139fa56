package io.tether.command.credentials;

import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_LOGIN_REFUSED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_MOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_PERMISSION_DENIED;
import static io.tether.api.problem.ProblemCode.CREDENTIAL_STORE_UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tether.app.vault.TetherVaultSetup;
import io.tether.app.vault.VaultStandIn;
import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import io.tether.app.vault.VaultStandIn.AppRoleSettings;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * The Vault cipher against the Vault stand-in, in every build, logged in as compose logs in (the AppRole under
 * the repository's policy); plus what only a stand-in can stage: outages, a policy without delete, a wrong
 * mount, a namespace, an AppRole whose token and secret ID run out.
 */
class VaultTransitCipherStandInTest extends VaultTransitCipherContract {

    private static VaultStandIn standIn;
    private static VaultTemplate template;

    @BeforeAll
    static void startTheStandIn() {
        standIn = VaultStandIn.start();
        template = appRoleTemplate(TetherVaultSetup.prepare(standIn));
    }

    @AfterAll
    static void stopTheStandIn() throws Exception {
        template.destroy();
        standIn.close();
    }

    @AfterEach
    void unsealAndRestoreThePolicy() {
        standIn.unseal();
        standIn.writePolicy("tether", TetherVaultSetup.policy());
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
    void aVaultThatRefusesTheToken_isAPermissionRefusal_notAnOutage() {
        VaultTemplate wrongToken = new VaultTemplate(VaultEndpoint.from(standIn.uri()), new TokenAuthentication("not-a-token"));
        CredentialCipher refused = cipher(wrongToken, MOUNT, null);

        assertThatThrownBy(() -> refused.encrypt(owner(), credentials()))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_PERMISSION_DENIED);
    }

    @Test
    void anUnreachableVault_makesOperationsFailAsUnavailable() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        VaultTemplate unreachable = new VaultTemplate(VaultEndpoint.from(nowhere), new TokenAuthentication("token"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CredentialCipher cipher = new VaultTransitCipher(unreachable,
                new VaultProperties(nowhere, "token", null, null, null, MOUNT, "tether-",
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                new InMemoryShreddedKeys(), meters);

        assertThatThrownBy(() -> cipher.encrypt(owner(), credentials())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_UNAVAILABLE);
        assertThat(meters.find("tether.vault.operations").tag("operation", "encrypt")
                .tag("outcome", "credential_store_unavailable").timer().count()).isEqualTo(1);
    }

    @Test
    void aPolicyWithoutDelete_leavesTheKeyInVault_andRecordsNoShredding() {
        cipher().encrypt(owner(), credentials());
        standIn.writePolicy("tether", TetherVaultSetup.policyWithout("delete"));

        assertThatThrownBy(() -> cipher().destroyKey(accountId()))
                .isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_PERMISSION_DENIED);

        assertThat(standIn.keyExists(MOUNT, "tether-" + accountId())).isTrue();
        assertThat(shreddedKeys().contains(accountId())).isFalse();
    }

    @Test
    void aWrongMount_neitherEncryptsNorRecordsAShred_whateverTheToken() throws Exception {
        VaultTemplate root = new VaultTemplate(VaultEndpoint.from(standIn.uri()), new TokenAuthentication(standIn.rootToken()));
        InMemoryShreddedKeys shredded = new InMemoryShreddedKeys();
        CredentialCipher rootOnWrongMount = new VaultTransitCipher(root, properties("transitt", null), shredded,
                new SimpleMeterRegistry());
        CredentialCipher appRoleOnWrongMount = new VaultTransitCipher(template, properties("transitt", null), shredded,
                new SimpleMeterRegistry());
        UUID deleted = UUID.randomUUID();

        assertThatThrownBy(() -> rootOnWrongMount.encrypt(owner(), credentials())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_MOUNT_NOT_FOUND);
        assertThatThrownBy(() -> rootOnWrongMount.destroyKey(deleted)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_MOUNT_NOT_FOUND);
        // The repository's policy names the transit mount only: elsewhere Vault refuses before it routes.
        assertThatThrownBy(() -> appRoleOnWrongMount.destroyKey(deleted)).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_PERMISSION_DENIED);

        assertThat(shredded.contains(deleted)).isFalse();
        assertThat(standIn.keyExists("transitt", "tether-" + accountId())).isFalse();
        root.destroy();
    }

    @Test
    void keyConfiguration_sendsOnlyTheFieldTetherSets() throws Exception {
        cipher().encrypt(owner(), credentials());
        String config = MOUNT + "/keys/tether-" + accountId() + "/config";
        assertThat(json(standIn.lastRequestBody(config))).isEqualTo(json("{\"deletion_allowed\":true}"));
        assertThat(json(standIn.lastRequestBody(MOUNT + "/keys/tether-" + accountId())))
                .isEqualTo(json("{\"type\":\"aes256-gcm96\",\"derived\":true}"));

        cipher().destroyKey(accountId());

        assertThat(json(standIn.lastRequestBody(config))).isEqualTo(json("{\"deletion_allowed\":true}"));
    }

    @Test
    void withANamespace_everyRequestGoesToTheNamespacesMount_andWithoutIt_shreddingIsNotConfirmed() throws Exception {
        standIn.enableTransit("tenant-a", "tenant-transit");
        VaultTemplate namespaced = new VaultTemplate(namespacedRequests("tenant-a"),
                new SimpleSessionManager(new TokenAuthentication(standIn.rootToken())));
        VaultTemplate notNamespaced = new VaultTemplate(VaultEndpoint.from(standIn.uri()),
                new TokenAuthentication(standIn.rootToken()));
        InMemoryShreddedKeys shredded = new InMemoryShreddedKeys();
        CredentialCipher inNamespace = new VaultTransitCipher(namespaced, properties("tenant-transit", "tenant-a"),
                shredded, new SimpleMeterRegistry());
        CredentialCipher outside = new VaultTransitCipher(notNamespaced, properties("tenant-transit", null), shredded,
                new SimpleMeterRegistry());

        var sealed = inNamespace.encrypt(owner(), credentials());

        assertThat(standIn.keyExists("tenant-a/tenant-transit", "tether-" + accountId())).isTrue();
        assertThat(inNamespace.decrypt(owner(), sealed)).isEqualTo(credentials());
        assertThatThrownBy(() -> outside.destroyKey(accountId())).isInstanceOf(ProblemException.class).hasFieldOrPropertyWithValue("code", CREDENTIAL_STORE_MOUNT_NOT_FOUND);
        assertThat(shredded.contains(accountId())).isFalse();
        inNamespace.destroyKey(accountId());
        assertThat(shredded.contains(accountId())).isTrue();
        namespaced.destroy();
        notNamespaced.destroy();
    }

    @Test
    void health_isDown_namingTheRefusal_forAWrongMount_andUpForTheRepositorysPolicy() {
        VaultHealthIndicator right = health(template, properties(MOUNT, null));
        VaultHealthIndicator wrongMount = health(template, properties("transitt", null));

        assertThat(right.health().getStatus()).isEqualTo(Status.UP);
        Health wrong = wrongMount.health();
        assertThat(wrong.getStatus()).isEqualTo(Status.DOWN);
        assertThat(wrong.getDetails().get("access")).isEqualTo(CREDENTIAL_STORE_PERMISSION_DENIED.code());
    }

    /**
     * Spring Vault's LifecycleAwareSessionManager renews the AppRole's token and, once it can no longer, logs in
     * again with the same secret ID: past the token's max TTL with the secret ID expired, nothing works, and the
     * health (in the readiness group) says so.
     */
    @Test
    void aTokenPastItsMaxTtl_withAnExpiredSecretId_makesVaultHealthDown() throws Exception {
        AppRoleCredentials shortLived = standIn.enableAppRole(AppRoleSettings.withPolicies("tether")
                .tokenTtl(Duration.ofSeconds(3), Duration.ofSeconds(3))
                .secretId(Duration.ofSeconds(2), 0));
        RestTemplate rest = VaultClients.createRestTemplate(VaultEndpoint.from(standIn.uri()), new SimpleClientHttpRequestFactory());
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        var sessions = new LifecycleAwareSessionManager(appRole(shortLived, rest), scheduler, rest);
        VaultTemplate session = new VaultTemplate(VaultEndpoint.from(standIn.uri()), new SimpleClientHttpRequestFactory(),
                sessions);
        try {
            VaultHealthIndicator health = health(session, properties(MOUNT, null));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus().equals(Status.DOWN));

            Health down = health.health();
            assertThat(down.getStatus()).as("no login brings it back: the secret ID has expired").isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("access")).isEqualTo(CREDENTIAL_STORE_LOGIN_REFUSED.code());
        } finally {
            session.destroy();
            scheduler.shutdown();
        }
    }

    private static JsonNode json(String body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    private VaultHealthIndicator health(VaultOperations vault, VaultProperties properties) {
        return new VaultHealthIndicator(vault, new VaultTransitCipher(vault, properties, new InMemoryShreddedKeys(),
                new SimpleMeterRegistry()), properties);
    }

    /** The requests VaultConfiguration builds for a namespace: the same builder, so the same header. */
    private static org.springframework.vault.client.RestTemplateBuilder namespacedRequests(String namespace) {
        StaticApplicationContext context = new StaticApplicationContext();
        context.refresh();
        VaultConfiguration configuration = new VaultConfiguration(properties(MOUNT, namespace));
        configuration.setApplicationContext(context);
        return configuration.restTemplateBuilder(SimpleVaultEndpointProvider.of(VaultEndpoint.from(standIn.uri())),
                new SimpleClientHttpRequestFactory());
    }

    private static VaultProperties properties(String mount, String namespace) {
        return new VaultProperties(standIn.uri(), standIn.rootToken(), null, null, namespace, mount, "tether-",
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static CredentialCipher cipher(VaultOperations vault, String mount, String namespace) {
        return new VaultTransitCipher(vault, properties(mount, namespace), new InMemoryShreddedKeys(),
                new SimpleMeterRegistry());
    }

    private static VaultTemplate appRoleTemplate(AppRoleCredentials credentials) {
        RestTemplate rest = VaultClients.createRestTemplate(VaultEndpoint.from(standIn.uri()), new SimpleClientHttpRequestFactory());
        return new VaultTemplate(VaultEndpoint.from(standIn.uri()), appRole(credentials, rest));
    }

    private static AppRoleAuthentication appRole(AppRoleCredentials credentials, RestTemplate rest) {
        return new AppRoleAuthentication(AppRoleAuthenticationOptions.builder()
                .roleId(RoleId.provided(credentials.roleId()))
                .secretId(SecretId.provided(credentials.secretId()))
                .build(), rest);
    }
}
