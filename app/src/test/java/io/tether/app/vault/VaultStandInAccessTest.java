package io.tether.app.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.app.vault.VaultStandIn.AppRoleCredentials;
import io.tether.app.vault.VaultStandIn.AppRoleSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stand-in refuses, as Vault refuses it: routes, policies, explicit nulls, token and secret ID
 * lifetimes, namespaces. Each test quotes the Vault source or documentation it follows.
 */
class VaultStandInAccessTest {

    private static final String KEY_CREATION = "{\"type\":\"aes256-gcm96\",\"derived\":true}";
    private static final String PLAINTEXT = "{\"plaintext\":\"c2VjcmV0\",\"context\":\"YWNjb3VudC03\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private VaultStandIn vault;

    @BeforeEach
    void startTheStandIn() {
        vault = VaultStandIn.start();
    }

    @AfterEach
    void stopTheStandIn() {
        vault.close();
    }

    /**
     * vault/router.go, {@code routeCommon}: {@code logical.ErrorResponse(fmt.Sprintf("no handler for route %q.
     * route entry not found.", req.Path)), ..., logical.ErrUnsupportedPath}, a 404; while the transit engine
     * answers a read of an absent key with a nil response, a 404 with no errors at all.
     */
    @Test
    void aPathUnderNoMount_isNoHandlerForRoute_whileAnAbsentKeyUnderAMount_isA404WithoutErrors() throws Exception {
        vault.enableTransit("transit");

        Raw noMount = raw("GET", "/v1/transitt/keys/tether-1", vault.rootToken(), null, null);
        Raw absentKey = raw("GET", "/v1/transit/keys/tether-1", vault.rootToken(), null, null);

        assertThat(noMount.status()).isEqualTo(404);
        assertThat(noMount.body().get("errors").get(0).asText())
                .isEqualTo("no handler for route \"transitt/keys/tether-1\". route entry not found.");
        assertThat(absentKey.status()).isEqualTo(404);
        assertThat(absentKey.body()).hasToString("{\"errors\":[]}");
    }

    /**
     * Vault's docs, "Policies": "Policies are deny by default, so an empty policy grants no permission in the
     * system", and a path is matched by "the most specific defined policy ... either an exact match or the
     * longest-prefix glob match"; {@code *} is a prefix glob and {@code +} one path segment.
     */
    @Test
    void aToken_mayDoOnlyWhatItsPoliciesGrant_onExactGlobAndSegmentPaths() throws Exception {
        vault.enableTransit("transit");
        vault.writePolicy("narrow", """
                # the keys under a prefix, and the encryption of exactly one key
                path "transit/keys/tether-*" { capabilities = ["read", "update"] }
                path "transit/encrypt/tether-1" { capabilities = ["update"] }
                path "transit/+/other" { capabilities = ["read"] }
                """);
        String token = login(AppRoleSettings.withPolicies("narrow"));

        assertThat(raw("POST", "/v1/transit/keys/tether-1", token, KEY_CREATION, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/v1/transit/keys/tether-2", token, KEY_CREATION, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/v1/transit/keys/another-1", token, KEY_CREATION, null).status()).isEqualTo(403);
        assertThat(raw("DELETE", "/v1/transit/keys/tether-1", token, null, null).status()).isEqualTo(403);
        assertThat(raw("POST", "/v1/transit/encrypt/tether-1", token, PLAINTEXT, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/v1/transit/encrypt/tether-2", token, PLAINTEXT, null).status()).isEqualTo(403);
        assertThat(raw("GET", "/v1/transit/keys/other", token, null, null).body())
                .as("+ matches the segment 'keys': the read reaches the engine, which has no such key")
                .hasToString("{\"errors\":[]}");
        assertThat(raw("GET", "/v1/transit/keys", token, null, null).status()).isEqualTo(403);
    }

    /**
     * Vault's docs, "Policies", priority matching: "If the first wildcard (+) or glob (*) occurs earlier in P1,
     * P1 is lower priority; if P1 ends in * and P2 doesn't, P1 is lower priority; if P1 has more + (wildcard)
     * segments, P1 is lower priority; if P1 is shorter, it is lower priority; if P1 is smaller lexicographically,
     * it is lower priority". Only the winning rule counts, and {@code deny} in it beats everything.
     */
    @Test
    void ofSeveralMatchingRules_theMostSpecificAlone_decides() throws Exception {
        assertThat(VaultStandIn.policyPathPriority("transit/keys/+", "transit/+/tether-1")).isPositive();
        assertThat(VaultStandIn.policyPathPriority("transit/keys/tether-1", "transit/keys/tether-*")).isPositive();
        assertThat(VaultStandIn.policyPathPriority("transit/keys/tether-*", "transit/keys/t*")).isPositive();
        assertThat(VaultStandIn.policyPathPriority("a/+/c/d", "a/+/+/d")).isPositive();
        assertThat(VaultStandIn.pathMatches("transit/keys/tether-*", "transit/keys/tether-1/config")).isTrue();
        assertThat(VaultStandIn.pathMatches("transit/+/tether-1", "transit/keys/tether-1/config")).isFalse();

        vault.enableTransit("transit");
        vault.writePolicy("broad", "path \"transit/*\" { capabilities = [\"read\", \"update\"] }");
        vault.writePolicy("locked", "path \"transit/keys/locked-*\" { capabilities = [\"deny\"] }");
        String token = login(AppRoleSettings.withPolicies("broad", "locked"));

        assertThat(raw("POST", "/v1/transit/keys/open-1", token, KEY_CREATION, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/v1/transit/keys/locked-1", token, KEY_CREATION, null).status()).isEqualTo(403);
    }

    /**
     * vault/request_handling.go asks the backend's existence check to tell a create from an update; transit's
     * encrypt path has one ({@code ExistenceCheck: b.pathEncryptExistenceCheck}, true when the key exists), its
     * keys path none, so a write there is always an update. Policies checked before routing: a token without
     * a grant on a path under no mount is refused 403, not told about the route.
     */
    @Test
    void encryptingUnderAnAbsentKey_needsCreate_andTheAclIsCheckedBeforeTheRoute() throws Exception {
        vault.enableTransit("transit");
        vault.writePolicy("update-only", "path \"transit/*\" { capabilities = [\"read\", \"update\"] }");
        String token = login(AppRoleSettings.withPolicies("update-only"));

        assertThat(raw("POST", "/v1/transit/encrypt/tether-new", token, PLAINTEXT, null).status()).isEqualTo(403);
        assertThat(vault.keyExists("transit", "tether-new")).isFalse();
        assertThat(raw("POST", "/v1/transit/keys/tether-new", token, KEY_CREATION, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/v1/transit/encrypt/tether-new", token, PLAINTEXT, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/v1/elsewhere/keys/tether-new", token, null, null).status()).isEqualTo(403);
    }

    /**
     * sdk/framework/field_data.go: {@code getPrimitive} decodes a present field with
     * {@code mapstructure.WeakDecode(raw, &result)}, which leaves a JSON null as the zero value, and
     * {@code GetOk} reports it as set; so path_keys_config.go's {@code d.GetOk("min_decryption_version")}
     * sees 0, forces it to 1 ("since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1"),
     * and {@code deletion_allowed: null} is false.
     */
    @Test
    void anExplicitNull_isReadAsZero_notAsUnset() throws Exception {
        vault.enableTransit("transit");
        String root = vault.rootToken();
        raw("POST", "/v1/transit/keys/tether-1", root, KEY_CREATION, null);
        raw("POST", "/v1/transit/keys/tether-1/rotate", root, "{}", null);
        raw("POST", "/v1/transit/keys/tether-1/config", root,
                "{\"min_decryption_version\":2,\"deletion_allowed\":true}", null);

        Raw unset = raw("POST", "/v1/transit/keys/tether-1/config", root, "{\"exportable\":false}", null);
        assertThat(unset.body().at("/data/min_decryption_version").asInt()).isEqualTo(2);
        assertThat(unset.body().at("/data/deletion_allowed").asBoolean()).isTrue();

        Raw nulls = raw("POST", "/v1/transit/keys/tether-1/config", root,
                "{\"min_decryption_version\":null,\"deletion_allowed\":null}", null);
        assertThat(nulls.body().at("/data/min_decryption_version").asInt()).isEqualTo(1);
        assertThat(nulls.body().at("/data/deletion_allowed").asBoolean()).isFalse();
        assertThat(nulls.body().get("warnings").get(0).asText()).contains("forcing minimum to 1");
    }

    /**
     * vault/expiration.go caps a renewal at the token's max TTL ("TTL value is capped accordingly"), and a token
     * past its TTL is gone: {@code permission denied}.
     */
    @Test
    void aRenewal_isCappedAtTheMaxTtl_andTheTokenThenExpires() throws Exception {
        vault.enableTransit("transit");
        vault.writePolicy("keys", "path \"transit/keys/*\" { capabilities = [\"read\"] }");
        String token = login(AppRoleSettings.withPolicies("keys").tokenTtl(Duration.ofSeconds(1), Duration.ofSeconds(2)));

        Raw renewed = raw("POST", "/v1/auth/token/renew-self", token, "{\"increment\":\"1h\"}", null);
        assertThat(renewed.body().at("/auth/lease_duration").asLong()).isBetween(0L, 2L);
        assertThat(renewed.body().get("warnings").get(0).asText()).contains("capped accordingly");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> raw("GET", "/v1/transit/keys/absent", token, null, null).status() == 403);
    }

    /**
     * builtin/credential/approle/path_login.go: a secret ID that is not stored (expired, or its last use spent)
     * is {@code logical.ErrorResponse("invalid role or secret ID")}, a 400.
     */
    @Test
    void aSecretId_stopsLoggingInOnceExpiredOrUsedUp() throws Exception {
        AppRoleCredentials once = vault.enableAppRole(AppRoleSettings.withPolicies().secretId(Duration.ZERO, 1));
        AppRoleCredentials brief = vault.enableAppRole(AppRoleSettings.withPolicies().secretId(Duration.ofSeconds(2), 0));

        assertThat(loginStatus(once)).isEqualTo(200);
        Raw again = loginRaw(once);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("errors").get(0).asText()).isEqualTo("invalid role or secret ID");
        assertThat(loginStatus(brief)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> loginStatus(brief) == 400);
    }

    /**
     * vault/router.go routes a namespaced request by {@code r.root.LongestPrefix(ns.Path + adjustedPath)}: a
     * mount inside a namespace answers only requests that name the namespace ({@code X-Vault-Namespace}).
     */
    @Test
    void aMountInANamespace_answersOnlyRequestsInThatNamespace() throws Exception {
        vault.enableTransit("tenant-a", "transit");
        String root = vault.rootToken();

        assertThat(raw("POST", "/v1/transit/keys/tether-1", root, KEY_CREATION, "tenant-a").status()).isEqualTo(200);
        assertThat(vault.keyExists("tenant-a/transit", "tether-1")).isTrue();
        Raw withoutNamespace = raw("GET", "/v1/transit/keys/tether-1", root, null, null);
        assertThat(withoutNamespace.status()).isEqualTo(404);
        assertThat(withoutNamespace.body().get("errors").get(0).asText()).startsWith("no handler for route");
    }

    private String login(AppRoleSettings settings) throws Exception {
        Raw login = loginRaw(vault.enableAppRole(settings));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().at("/auth/policies").toString()).contains("default");
        return login.body().at("/auth/client_token").asText();
    }

    private int loginStatus(AppRoleCredentials credentials) throws Exception {
        return loginRaw(credentials).status();
    }

    private Raw loginRaw(AppRoleCredentials credentials) throws Exception {
        return raw("POST", "/v1/auth/approle/login", null, json.writeValueAsString(
                Map.of("role_id", credentials.roleId(), "secret_id", credentials.secretId())), null);
    }

    private record Raw(int status, JsonNode body) {
    }

    private Raw raw(String method, String path, String token, String body, String namespace)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        if (namespace != null) {
            request.header("X-Vault-Namespace", namespace);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        return new Raw(response.statusCode(), parsed);
    }
}
