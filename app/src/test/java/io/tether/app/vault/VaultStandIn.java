package io.tether.app.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tether.infrastructure.audit.Ed25519;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STAND-IN for HashiCorp Vault, for tests only. It is not Vault: it exists because no Vault server can run
 * where this project's tests run (no Docker, no network), and Tether's transit cipher still has to be tested
 * against something that answers the way Vault does.
 *
 * <p>It is a small HTTP server (the JDK's {@code com.sun.net.httpserver}, bound to 127.0.0.1 on a free port)
 * that speaks the part of Vault's HTTP API that Spring Vault's {@code VaultTemplate},
 * {@code VaultTransitOperations}, {@code VaultSysOperations}, {@code TokenAuthentication},
 * {@code AppRoleAuthentication} and {@code LifecycleAwareSessionManager} use, with Vault 1.18's paths, JSON
 * shapes, status codes and error messages (taken from Vault's source: {@code builtin/logical/transit} and
 * {@code sdk/helper/keysutil}), so that Spring Vault works against it unchanged.
 *
 * <p>What it implements:
 * <ul>
 *   <li>the transit engine at the mounts a test {@link #enableTransit(String) enables} (keys kept per mount,
 *       in the root namespace or in a {@link #enableTransit(String, String) namespace}, which prefixes the path
 *       as Vault Enterprise's router does); a path under no mount is answered 404
 *       {@code no handler for route "<path>". route entry not found.}, as {@code vault/router.go} does:
 *       {@code keys} (create, read, list, delete), {@code keys/<name>/config}, {@code keys/<name>/rotate},
 *       {@code encrypt} (with the upsert of an absent key, as Vault does), {@code decrypt} and {@code rewrap},
 *       single and {@code batch_input}, with {@code context}, {@code key_version} and {@code convergent_encryption};
 *   <li>real cryptography with Vault's own scheme: each key version is 32 random bytes; a ciphertext is
 *       {@code vault:v<version>:base64(nonce(12) || AES-256-GCM ciphertext and tag)}; a derived key's working key
 *       is HKDF-SHA256(version key, salt none, info context), as in Vault, so another context fails to
 *       authenticate; convergent encryption uses Vault's version 3 scheme (nonce from an HMAC of the plaintext);
 *   <li>ACL policies, checked before routing as Vault's {@code vault/request_handling.go} does: policies
 *       {@link #writePolicy(String, String) written} as HCL {@code path "..." { capabilities = [...] }} blocks,
 *       exact paths, a trailing {@code *} glob and {@code +} segment wildcards, the most specific rule chosen by
 *       Vault's priority rules, capabilities of the same rule in several policies merged and {@code deny}
 *       winning; a write is a {@code create} when the endpoint has an existence check that finds nothing
 *       (transit's {@code encrypt}, which upserts) and an {@code update} otherwise; the built-in
 *       {@code default} policy (the token's own lookup, renewal and revocation); the root token allows all;
 *   <li>tokens: a random root token, tokens issued by an AppRole login ({@link #enableAppRole(AppRoleSettings)})
 *       with the role's policies and {@code default}, which expire after their TTL and never outlive their
 *       max TTL (renewals are capped, as Vault caps them), and {@code auth/token/lookup-self},
 *       {@code renew-self} and {@code revoke-self}; secret IDs that expire after their TTL or their number of
 *       uses, after which a login is {@code invalid role or secret ID};
 *   <li>explicit JSON nulls read as Vault's {@code sdk/framework/field_data.go} reads them: a field sent as
 *       {@code null} is present, with its type's zero value ({@code 0}, {@code false}, {@code ""});
 *   <li>{@code sys/health}, {@code sys/seal-status} and {@code sys/init}, and sealing: while {@link #seal() sealed}
 *       every other request answers 503 {@code {"errors":["Vault is sealed"]}}.
 * </ul>
 *
 * <p>What it does not implement: policy parameters ({@code allowed_parameters} and the like are refused),
 * {@code sys/capabilities-self}, enabling mounts or writing policies over HTTP, storage (all is lost on
 * {@link #close()}), unseal keys, any other secrets engine or auth method, key types other than
 * {@code aes256-gcm96} and {@code ed25519} (the others are refused with a 400 that says so), export, backup, HMAC,
 * signing with anything but an {@code ed25519} key (whose {@code sign} it implements, as Tether's audit digests
 * need), data keys,
 * trimming, automatic rotation (the period is stored and reported only), convergent encryption version 1
 * (caller-supplied nonces), {@code associated_data}, response wrapping, namespaced tokens and policies
 * (tokens, AppRoles and policies live in the root namespace, {@code auth/} paths ignore the namespace, and
 * a policy names a namespaced path with its prefix), secret leases,
 * and AppRole's CIDR bindings.
 */
public final class VaultStandIn implements AutoCloseable {

    /** The Vault release whose HTTP API the stand-in imitates, as {@code sys/health} reports it. */
    public static final String IMITATED_VERSION = "1.18.5";

    private static final String SUPPORTED_KEY_TYPE = "aes256-gcm96";
    /** The one signing key type implemented: {@code sign} with it, as Tether's audit digests need. */
    private static final String SIGNING_KEY_TYPE = "ed25519";
    private static final Set<String> KEY_TYPES_VAULT_HAS = Set.of("aes128-gcm96", "chacha20-poly1305", "ecdsa-p256",
            "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa-2048", "rsa-3072", "rsa-4096", "hmac", "managed_key",
            "aes128-cmac", "aes192-cmac", "aes256-cmac", "ml-dsa", "hybrid");
    private static final Pattern TRANSIT_PATH = Pattern.compile(
            "(?:(?<list>keys)/?|(?<endpoint>keys|encrypt|decrypt|rewrap|sign)/(?<name>[^/]+)"
                    + "(?:/(?<action>config|rotate))?)");
    private static final Pattern POLICY_BLOCK = Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{([^}]*)}");
    private static final Pattern CAPABILITIES = Pattern.compile("^\\s*capabilities\\s*=\\s*\\[([^\\]]*)]\\s*$");
    private static final Set<String> VAULT_CAPABILITIES = Set.of("create", "read", "update", "patch", "delete", "list",
            "sudo", "deny", "subscribe", "recover");
    /** Vault's built-in {@code default} policy, the part of it a token uses on itself. */
    private static final String DEFAULT_POLICY = """
            path "auth/token/lookup-self" { capabilities = ["read"] }
            path "auth/token/renew-self" { capabilities = ["update"] }
            path "auth/token/revoke-self" { capabilities = ["update"] }
            """;
    /** Vault's {@code framework.GenericNameRegex}. */
    private static final Pattern KEY_NAME = Pattern.compile("\\w(?:[\\w\\-.@]*\\w)?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final String CIPHERTEXT_PREFIX = "vault:v";
    private static final int NONCE_BYTES = 12;
    private static final int KEY_BYTES = 32;
    private static final int GCM_TAG_BITS = 128;
    private static final String MISSING_CONTEXT = "missing 'context' for key derivation; the key was created using a"
            + " derived key, which means additional, per-request information must be included in order to perform"
            + " operations with the key";
    private static final String TOO_OLD = "ciphertext or signature version is disallowed by policy (too old)";
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String clusterName = "vault-stand-in";
    private final String clusterId = UUID.randomUUID().toString();
    private final Token root;
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, String> lastBodies = new ConcurrentHashMap<>();
    private final AtomicInteger appRoleCount = new AtomicInteger();

    private final Object lock = new Object();
    private boolean sealed;
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, AppRole> appRolesByRoleId = new HashMap<>();
    private final Map<String, Map<String, TransitKey>> keysByMount = new HashMap<>();
    private final Set<String> transitMounts = new HashSet<>();
    private final Map<String, Map<String, Set<String>>> policies = new HashMap<>();

    /** A role ID and secret ID that {@code POST /v1/auth/approle/login} accepts. */
    public record AppRoleCredentials(String roleId, String secretId) {
    }

    /**
     * An AppRole's settings, as {@code vault write auth/approle/role/<name>} takes them: the policies of its
     * tokens, their TTL and max TTL (zero: none), and its secret ID's TTL and number of uses (zero: unlimited).
     */
    public record AppRoleSettings(List<String> tokenPolicies, Duration tokenTtl, Duration tokenMaxTtl,
            Duration secretIdTtl, int secretIdNumUses) {

        /** Tokens with these policies, valid for an hour, renewable without end; a secret ID that never expires. */
        public static AppRoleSettings withPolicies(String... policies) {
            return new AppRoleSettings(List.of(policies), Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 0);
        }

        public AppRoleSettings tokenTtl(Duration ttl, Duration maxTtl) {
            return new AppRoleSettings(tokenPolicies, ttl, maxTtl, secretIdTtl, secretIdNumUses);
        }

        public AppRoleSettings secretId(Duration ttl, int numUses) {
            return new AppRoleSettings(tokenPolicies, tokenTtl, tokenMaxTtl, ttl, numUses);
        }
    }

    private VaultStandIn() throws IOException {
        root = new Token(randomToken(), randomId(24), List.of("root"), Duration.ZERO, false, Instant.now(), null,
                null, "auth/token/root", "root", null);
        policies.put("default", parsePolicy(DEFAULT_POLICY));
        tokens.put(root.id(), root);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "vault-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a stand-in, unsealed, with no keys and no AppRole, on a free port of 127.0.0.1. */
    public static VaultStandIn start() {
        try {
            return new VaultStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException("the Vault stand-in could not start", e);
        }
    }

    /** Where it listens, for {@code VaultEndpoint.from(uri)}: {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A root token: never expires, not renewable, allowed everywhere, like a dev server's. */
    public String rootToken() {
        return root.id();
    }

    /**
     * A new AppRole with {@code settings}; its one secret ID is valid from now. Like Vault, its tokens also carry
     * the {@code default} policy.
     */
    public AppRoleCredentials enableAppRole(AppRoleSettings settings) {
        if (settings.tokenTtl().getSeconds() < 1) {
            throw new IllegalArgumentException("an AppRole token TTL is at least one second, not " + settings.tokenTtl());
        }
        Instant now = Instant.now();
        AppRole role = new AppRole("role-" + appRoleCount.incrementAndGet(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), settings,
                settings.secretIdTtl().isZero() ? null : now.plus(settings.secretIdTtl()),
                new AtomicInteger(settings.secretIdNumUses()));
        synchronized (lock) {
            appRolesByRoleId.put(role.roleId(), role);
        }
        return new AppRoleCredentials(role.roleId(), role.secretId());
    }

    /** Mounts the transit secrets engine at {@code mount} in the root namespace, as {@code vault secrets enable}. */
    public void enableTransit(String mount) {
        synchronized (lock) {
            transitMounts.add(mount);
        }
    }

    /** Mounts the transit secrets engine at {@code mount} inside {@code namespace} (Vault Enterprise, HCP). */
    public void enableTransit(String namespace, String mount) {
        enableTransit(namespace + "/" + mount);
    }

    /**
     * Writes (or replaces) an ACL policy from its HCL, as {@code vault policy write <name> <file>}: {@code path}
     * blocks with {@code capabilities} only; anything else in a block is refused, since the stand-in does not
     * enforce it.
     */
    public void writePolicy(String name, String hcl) {
        if (name.equals("root")) {
            throw new IllegalArgumentException("cannot update \"root\" policy");
        }
        Map<String, Set<String>> rules = parsePolicy(hcl);
        synchronized (lock) {
            policies.put(name, rules);
        }
    }

    /** From now on every request but the status ones answers 503, as a sealed Vault does. Keys and tokens stay. */
    public void seal() {
        synchronized (lock) {
            sealed = true;
        }
    }

    public void unseal() {
        synchronized (lock) {
            sealed = false;
        }
    }

    public boolean isSealed() {
        synchronized (lock) {
            return sealed;
        }
    }

    public boolean keyExists(String mount, String keyName) {
        synchronized (lock) {
            return keysOf(mount).containsKey(keyName);
        }
    }

    /** The latest version of a transit key; an absent key is a mistake in the test, so it throws. */
    public int latestKeyVersion(String mount, String keyName) {
        synchronized (lock) {
            TransitKey key = keysOf(mount).get(keyName);
            if (key == null) {
                throw new IllegalStateException("the Vault stand-in has no key " + keyName + " at mount " + mount);
            }
            return key.latestVersion();
        }
    }

    /** Revokes every token but the root token, as if an operator had revoked the AppRole's tokens. */
    public void revokeAllTokens() {
        synchronized (lock) {
            tokens.values().removeIf(token -> !token.id().equals(root.id()));
        }
    }

    /**
     * How many requests (answered in any way) had a path, relative to {@code /v1/} and without its query, that
     * starts with {@code pathPrefix}; e.g. {@code "auth/token/renew-self"} or {@code "transit/encrypt/"}.
     */
    public long requestCount(String pathPrefix) {
        return requestCounts.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(pathPrefix))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
    }

    /** The JSON body of the last request with a body on exactly {@code path} (relative to {@code /v1/}), or null. */
    public String lastRequestBody(String path) {
        return lastBodies.get(path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = answer(Request.read(exchange));
            } catch (VaultError e) {
                reply = Reply.errors(e.status, e.errors);
            } catch (RuntimeException e) {
                reply = Reply.errors(500, List.of("the Vault stand-in failed: " + e));
            }
            send(exchange, reply);
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (reply.body() == null || exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] body = json.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply answer(Request request) {
        if (request.path() == null) {
            return Reply.errors(404, List.of());
        }
        requestCounts.computeIfAbsent(request.path(), path -> new LongAdder()).increment();
        if (request.body().length > 0) {
            lastBodies.put(request.path(), new String(request.body(), StandardCharsets.UTF_8));
        }
        synchronized (lock) {
            switch (request.path()) {
                case "sys/health":
                    return health(request);
                case "sys/seal-status":
                    requireOperation(request, Operation.READ);
                    return Reply.json(200, sealStatus());
                case "sys/init":
                    requireOperation(request, Operation.READ);
                    return Reply.json(200, ordered("initialized", true));
                default:
                    break;
            }
            if (sealed) {
                throw new VaultError(503, "Vault is sealed");
            }
            if (request.path().equals("auth/approle/login")) {
                requireOperation(request, Operation.WRITE);
                return appRoleLogin(body(request));
            }
            Token token = authenticate(request);
            // Tokens and AppRoles live in the root namespace here: only the other paths are namespaced.
            String path = request.namespace() == null || request.path().startsWith("auth/") ? request.path()
                    : request.namespace() + "/" + request.path();
            requireAllowed(token, path, capabilityFor(request, path));
            return switch (path) {
                case "auth/token/lookup-self" -> {
                    requireOperation(request, Operation.READ, Operation.WRITE);
                    yield Reply.json(200, envelope("token", lookupData(token), null, List.of()));
                }
                case "auth/token/renew-self" -> {
                    requireOperation(request, Operation.WRITE);
                    yield renew(token, body(request));
                }
                case "auth/token/revoke-self" -> {
                    requireOperation(request, Operation.WRITE);
                    tokens.remove(token.id());
                    yield Reply.noContent();
                }
                default -> transit(request, path);
            };
        }
    }

    private Token authenticate(Request request) {
        String id = request.token();
        Token token = id == null ? null : tokens.get(id);
        if (token != null && token.expiresAt() != null && !Instant.now().isBefore(token.expiresAt())) {
            tokens.remove(id);
            token = null;
        }
        if (token == null) {
            throw new VaultError(403, "permission denied");
        }
        return token;
    }

    /**
     * The capability a request needs, as Vault's {@code vault/request_handling.go} decides it: a write is a
     * {@code create} when the endpoint's existence check finds nothing, and an {@code update} when it finds
     * something or the endpoint has none (of transit's, only {@code encrypt} has one: it creates an absent key).
     */
    private String capabilityFor(Request request, String path) {
        return switch (request.operation()) {
            case READ, HEAD -> "read";
            case LIST -> "list";
            case DELETE -> "delete";
            case WRITE -> {
                TransitRoute route = route(path);
                boolean encryptsUnderAbsentKey = route != null && route.rest().startsWith("encrypt/")
                        && !keysOf(route.mount()).containsKey(route.rest().substring("encrypt/".length()));
                yield encryptsUnderAbsentKey ? "create" : "update";
            }
            case OTHER -> "other";
        };
    }

    /** 403 unless the token's policies grant {@code capability} on {@code path}; the root token may do anything. */
    private void requireAllowed(Token token, String path, String capability) {
        if (token.policies().contains("root")) {
            return;
        }
        Map<String, Set<String>> rules = new HashMap<>();
        for (String policy : token.policies()) {
            policies.getOrDefault(policy, Map.of()).forEach((pattern, capabilities) ->
                    rules.computeIfAbsent(pattern, p -> new HashSet<>()).addAll(capabilities));
        }
        Set<String> granted = rules.keySet().stream()
                .filter(pattern -> pathMatches(pattern, path))
                .max(VaultStandIn::policyPathPriority)
                .map(rules::get)
                .orElse(Set.of());
        if (granted.contains("deny") || !granted.contains(capability)) {
            throw new VaultError(403, "permission denied");
        }
    }

    /**
     * Whether a policy path matches a request path: literally, with {@code +} standing for one whole segment,
     * and a trailing {@code *} for any rest (Vault's globs are prefixes, not shell globs).
     */
    static boolean pathMatches(String pattern, String path) {
        boolean glob = pattern.endsWith("*");
        String[] patternSegments = (glob ? pattern.substring(0, pattern.length() - 1) : pattern).split("/", -1);
        String[] pathSegments = path.split("/", -1);
        if (glob ? pathSegments.length < patternSegments.length : pathSegments.length != patternSegments.length) {
            return false;
        }
        for (int i = 0; i < patternSegments.length; i++) {
            boolean last = i == patternSegments.length - 1;
            String wanted = patternSegments[i];
            String actual = pathSegments[i];
            if (wanted.equals("+")) {
                continue;
            }
            boolean matches = glob && last ? actual.startsWith(wanted) : actual.equals(wanted);
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /**
     * Vault's priority between two policy paths that both match (docs, "Policies", priority matching): the one
     * whose first wildcard ({@code +} or {@code *}) comes later wins; then the one not ending in {@code *}; then
     * the one with fewer {@code +} segments; then the longer; then the lexicographically larger.
     */
    static int policyPathPriority(String one, String other) {
        int byFirstWildcard = Integer.compare(firstWildcard(one), firstWildcard(other));
        if (byFirstWildcard != 0) {
            return byFirstWildcard;
        }
        int byGlob = Boolean.compare(!one.endsWith("*"), !other.endsWith("*"));
        if (byGlob != 0) {
            return byGlob;
        }
        int byPlus = Long.compare(plusSegments(other), plusSegments(one));
        if (byPlus != 0) {
            return byPlus;
        }
        int byLength = Integer.compare(one.length(), other.length());
        return byLength != 0 ? byLength : one.compareTo(other);
    }

    private static int firstWildcard(String pattern) {
        int plus = ("/" + pattern + "/").indexOf("/+/");
        int star = pattern.indexOf('*');
        int first = Math.min(plus < 0 ? Integer.MAX_VALUE : plus, star < 0 ? Integer.MAX_VALUE : star);
        return first;
    }

    private static long plusSegments(String pattern) {
        return Arrays.stream(pattern.split("/")).filter("+"::equals).count();
    }

    /** A policy's HCL: {@code path "<pattern>" { capabilities = [...] }} blocks and {@code #} comments. */
    private static Map<String, Set<String>> parsePolicy(String hcl) {
        String text = hcl.replaceAll("(?m)(#|//).*$", "");
        Map<String, Set<String>> rules = new HashMap<>();
        Matcher block = POLICY_BLOCK.matcher(text);
        int end = 0;
        while (block.find()) {
            if (!text.substring(end, block.start()).isBlank()) {
                throw new IllegalArgumentException("the Vault stand-in cannot read this policy text: "
                        + text.substring(end, block.start()).strip());
            }
            Matcher capabilities = CAPABILITIES.matcher(block.group(2).strip());
            if (!capabilities.matches()) {
                throw new IllegalArgumentException("the Vault stand-in enforces only capabilities, not: "
                        + block.group(2).strip());
            }
            Set<String> granted = new HashSet<>();
            for (String capability : capabilities.group(1).split(",")) {
                String name = capability.strip().replace("\"", "");
                if (!VAULT_CAPABILITIES.contains(name)) {
                    throw new IllegalArgumentException("unknown capability \"" + name + "\" in policy path " + block.group(1));
                }
                granted.add(name);
            }
            String pattern = block.group(1).startsWith("/") ? block.group(1).substring(1) : block.group(1);
            rules.computeIfAbsent(pattern, p -> new HashSet<>()).addAll(granted);
            end = block.end();
        }
        if (!text.substring(end).isBlank() || rules.isEmpty()) {
            throw new IllegalArgumentException("the Vault stand-in cannot read this policy text: " + text.substring(end).strip());
        }
        return rules;
    }

    private static void requireOperation(Request request, Operation... allowed) {
        if (!Arrays.asList(allowed).contains(request.operation())) {
            throw new VaultError(405, "unsupported operation");
        }
    }

    private Map<String, Object> body(Request request) {
        if (request.body().length == 0) {
            return new HashMap<>();
        }
        try {
            Map<String, Object> body = json.readValue(request.body(), new TypeReference<Map<String, Object>>() {
            });
            return body == null ? new HashMap<>() : body;
        } catch (JsonProcessingException e) {
            throw new VaultError(400, "failed to parse JSON input: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- sys ----

    private Reply health(Request request) {
        requireOperation(request, Operation.READ, Operation.HEAD);
        int status = sealed ? request.intQuery("sealedcode", 503) : request.intQuery("activecode", 200);
        Map<String, Object> body = ordered(
                "initialized", true,
                "sealed", sealed,
                "standby", sealed,
                "performance_standby", false,
                "replication_performance_mode", "disabled",
                "replication_dr_mode", "disabled",
                "server_time_utc", Instant.now().getEpochSecond(),
                "version", IMITATED_VERSION,
                "enterprise", false);
        if (!sealed) {
            body.put("cluster_name", clusterName);
            body.put("cluster_id", clusterId);
            body.put("echo_duration_ms", 0);
            body.put("clock_skew_ms", 0);
        }
        return Reply.json(status, body);
    }

    private Map<String, Object> sealStatus() {
        Map<String, Object> status = ordered(
                "type", "shamir",
                "initialized", true,
                "sealed", sealed,
                "t", 1,
                "n", 1,
                "progress", 0,
                "nonce", "",
                "version", IMITATED_VERSION,
                "build_date", "2025-01-01T00:00:00Z",
                "migration", false,
                "recovery_seal", false,
                "storage_type", "inmem");
        if (!sealed) {
            status.put("cluster_name", clusterName);
            status.put("cluster_id", clusterId);
        }
        return status;
    }

    // ---- tokens and AppRole ----

    private Reply appRoleLogin(Map<String, Object> body) {
        String roleId = string(body, "role_id");
        if (roleId.isEmpty()) {
            throw new VaultError(400, "missing role_id");
        }
        AppRole role = appRolesByRoleId.get(roleId);
        Instant now = Instant.now();
        // builtin/credential/approle/path_login.go: a secret ID that is not (or no longer) stored, expired or
        // used up, is "invalid role or secret ID"; the last allowed use deletes it.
        if (role == null || !role.secretId().equals(string(body, "secret_id")) || role.secretIdSpentOrExpired(now)) {
            throw new VaultError(400, "invalid role or secret ID");
        }
        role.useSecretId();
        AppRoleSettings settings = role.settings();
        List<String> tokenPolicies = new ArrayList<>(List.of("default"));
        settings.tokenPolicies().stream().filter(policy -> !tokenPolicies.contains(policy)).forEach(tokenPolicies::add);
        Instant maxExpiry = settings.tokenMaxTtl().isZero() ? null : now.plus(settings.tokenMaxTtl());
        Instant expiry = now.plus(settings.tokenTtl());
        if (maxExpiry != null && maxExpiry.isBefore(expiry)) {
            expiry = maxExpiry;
        }
        Token token = new Token(randomToken(), randomId(24), List.copyOf(tokenPolicies), settings.tokenTtl(), true, now,
                expiry, maxExpiry, "auth/approle/login", "approle", Map.of("role_name", role.name()));
        tokens.put(token.id(), token);
        return Reply.json(200, envelope("approle", null, authData(token, Duration.between(now, expiry)), List.of()));
    }

    private Reply renew(Token token, Map<String, Object> body) {
        if (token.expiresAt() == null) {
            throw new VaultError(400, "invalid lease ID");
        }
        if (!token.renewable()) {
            throw new VaultError(400, "lease is not renewable");
        }
        long increment = durationSeconds(body, "increment");
        Duration ttl = increment > 0 ? Duration.ofSeconds(increment) : token.creationTtl();
        Instant now = Instant.now();
        Instant expiry = now.plus(ttl);
        List<String> warnings = new ArrayList<>();
        if (token.maxExpiresAt() != null && token.maxExpiresAt().isBefore(expiry)) {
            // Vault caps a renewal at the token's max TTL and says so (vault/expiration.go, RenewToken).
            Duration capped = Duration.between(now, token.maxExpiresAt());
            warnings.add("TTL of \"%ds\" exceeded the effective max_ttl of \"%ds\"; TTL value is capped accordingly"
                    .formatted(ttl.getSeconds(), Math.max(0, capped.getSeconds())));
            expiry = token.maxExpiresAt();
            ttl = capped;
        }
        Token renewed = token.expiringAt(expiry);
        tokens.put(renewed.id(), renewed);
        return Reply.json(200, envelope("token", null, authData(renewed, ttl), warnings));
    }

    private static Map<String, Object> authData(Token token, Duration granted) {
        return ordered(
                "client_token", token.id(),
                "accessor", token.accessor(),
                "policies", token.policies(),
                "token_policies", token.policies(),
                "metadata", token.meta(),
                "lease_duration", granted.getSeconds(),
                "renewable", token.renewable(),
                "entity_id", "",
                "token_type", "service",
                "orphan", true,
                "mfa_requirement", null,
                "num_uses", 0);
    }

    private static Map<String, Object> lookupData(Token token) {
        return ordered(
                "accessor", token.accessor(),
                "creation_time", token.issuedAt().getEpochSecond(),
                "creation_ttl", token.creationTtl().getSeconds(),
                "display_name", token.displayName(),
                "entity_id", "",
                "expire_time", token.expiresAt() == null ? null : token.expiresAt().toString(),
                "explicit_max_ttl", 0,
                "id", token.id(),
                "issue_time", token.issuedAt().toString(),
                "meta", token.meta(),
                "num_uses", 0,
                "orphan", true,
                "path", token.path(),
                "policies", token.policies(),
                "renewable", token.renewable(),
                "ttl", token.remainingTtlSeconds(),
                "type", "service");
    }

    // ---- transit ----

    private record TransitRoute(String mount, String rest) {
    }

    /** The transit mount a path is under (the longest, as Vault's router takes the longest prefix), or null. */
    private TransitRoute route(String path) {
        return transitMounts.stream()
                .filter(mount -> path.startsWith(mount + "/"))
                .max(java.util.Comparator.comparingInt(String::length))
                .map(mount -> new TransitRoute(mount, path.substring(mount.length() + 1)))
                .orElse(null);
    }

    private Reply transit(Request request, String fullPath) {
        TransitRoute route = route(fullPath);
        if (route == null) {
            throw new VaultError(404, "no handler for route \"" + request.path() + "\". route entry not found.");
        }
        Matcher path = TRANSIT_PATH.matcher(route.rest());
        if (!path.matches()) {
            throw new VaultError(404);
        }
        String mount = route.mount();
        if (path.group("list") != null) {
            requireOperation(request, Operation.LIST);
            return listKeys(mount);
        }
        String endpoint = path.group("endpoint");
        String name = path.group("name");
        String action = path.group("action");
        if (!KEY_NAME.matcher(name).matches() || (action != null && !endpoint.equals("keys"))) {
            throw new VaultError(404);
        }
        if (endpoint.equals("keys") && action == null) {
            requireOperation(request, Operation.READ, Operation.WRITE, Operation.DELETE);
            return switch (request.operation()) {
                case READ -> readKey(mount, name);
                case WRITE -> createKey(mount, name, body(request));
                default -> deleteKey(mount, name);
            };
        }
        requireOperation(request, Operation.WRITE);
        Map<String, Object> body = body(request);
        return switch (action == null ? endpoint : action) {
            case "config" -> configureKey(mount, name, body);
            case "rotate" -> rotateKey(mount, name);
            case "encrypt" -> encrypt(mount, name, body);
            case "decrypt" -> decrypt(mount, name, body);
            case "sign" -> sign(mount, name, body);
            default -> rewrap(mount, name, body);
        };
    }

    private Map<String, TransitKey> keysOf(String mount) {
        return keysByMount.computeIfAbsent(mount, m -> new TreeMap<>());
    }

    private Reply listKeys(String mount) {
        List<String> names = List.copyOf(keysOf(mount).keySet());
        if (names.isEmpty()) {
            throw new VaultError(404);
        }
        return Reply.json(200, envelope("transit", ordered("keys", names), null, List.of()));
    }

    private Reply readKey(String mount, String name) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(404);
        }
        return Reply.json(200, envelope("transit", key.describe(), null, List.of()));
    }

    private Reply createKey(String mount, String name, Map<String, Object> body) {
        long autoRotatePeriod = durationSeconds(body, "auto_rotate_period");
        if (autoRotatePeriod != 0 && autoRotatePeriod < 3600) {
            throw new VaultError(400, "auto rotate period must be 0 to disable or at least an hour");
        }
        boolean derived = bool(body, "derived");
        boolean convergent = bool(body, "convergent_encryption");
        if (!derived && convergent) {
            throw new VaultError(400, "convergent encryption requires derivation to be enabled");
        }
        String type = string(body, "type", SUPPORTED_KEY_TYPE);
        if (!type.equals(SIGNING_KEY_TYPE)) {
            requireSupportedType(type);
        }
        TransitKey existing = keysOf(mount).get(name);
        if (existing != null) {
            return Reply.json(200,
                    envelope("transit", existing.describe(), null, List.of("key " + name + " already existed")));
        }
        TransitKey key = new TransitKey(name, type, derived, convergent, bool(body, "exportable"),
                bool(body, "allow_plaintext_backup"), autoRotatePeriod);
        keysOf(mount).put(name, key);
        return Reply.json(200, envelope("transit", key.describe(), null, List.of()));
    }

    private static void requireSupportedType(String type) {
        if (type.equals(SUPPORTED_KEY_TYPE)) {
            return;
        }
        if (KEY_TYPES_VAULT_HAS.contains(type)) {
            throw new VaultError(400, "key type " + type + " exists in Vault but the Vault stand-in implements only "
                    + SUPPORTED_KEY_TYPE);
        }
        throw new VaultError(400, "unknown key type " + type);
    }

    private Reply configureKey(String mount, String name, Map<String, Object> body) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(400, "no existing key named " + name + " could be found");
        }
        List<String> warnings = new ArrayList<>();
        int minDecryptionVersion = key.minDecryptionVersion;
        Integer requestedMinDecryption = optionalInt(body, "min_decryption_version");
        if (requestedMinDecryption != null) {
            if (requestedMinDecryption < 0) {
                throw new VaultError(400, "min decryption version cannot be negative");
            }
            if (requestedMinDecryption == 0) {
                requestedMinDecryption = 1;
                warnings.add("since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1");
            }
            if (requestedMinDecryption != minDecryptionVersion && requestedMinDecryption > key.latestVersion()) {
                throw new VaultError(400, "cannot set min decryption version of %d, latest key version is %d"
                        .formatted(requestedMinDecryption, key.latestVersion()));
            }
            minDecryptionVersion = requestedMinDecryption;
        }
        int minEncryptionVersion = key.minEncryptionVersion;
        Integer requestedMinEncryption = optionalInt(body, "min_encryption_version");
        if (requestedMinEncryption != null) {
            if (requestedMinEncryption < 0) {
                throw new VaultError(400, "min encryption version cannot be negative");
            }
            if (requestedMinEncryption != minEncryptionVersion && requestedMinEncryption > key.latestVersion()) {
                throw new VaultError(400, "cannot set min encryption version of %d, latest key version is %d"
                        .formatted(requestedMinEncryption, key.latestVersion()));
            }
            minEncryptionVersion = requestedMinEncryption;
        }
        if (minEncryptionVersion > 0 && minEncryptionVersion < minDecryptionVersion) {
            throw new VaultError(400, ("cannot set min encryption/decryption values; min encryption version of %d must"
                    + " be greater than or equal to min decryption version of %d")
                    .formatted(minEncryptionVersion, minDecryptionVersion));
        }
        long autoRotatePeriod = !body.containsKey("auto_rotate_period")
                ? key.autoRotatePeriodSeconds : durationSeconds(body, "auto_rotate_period");
        if (autoRotatePeriod != 0 && autoRotatePeriod < 3600) {
            throw new VaultError(400, "auto rotate period must be 0 to disable or at least an hour");
        }
        key.minDecryptionVersion = minDecryptionVersion;
        key.minEncryptionVersion = minEncryptionVersion;
        key.autoRotatePeriodSeconds = autoRotatePeriod;
        if (body.containsKey("deletion_allowed")) {
            key.deletionAllowed = bool(body, "deletion_allowed");
        }
        // Like Vault, these two can be switched on but never off again.
        key.exportable |= bool(body, "exportable");
        key.allowPlaintextBackup |= bool(body, "allow_plaintext_backup");
        return Reply.json(200, envelope("transit", key.describe(), null, warnings));
    }

    private Reply deleteKey(String mount, String name) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(400, "error deleting policy " + name + ": could not delete key; not found");
        }
        if (!key.deletionAllowed) {
            throw new VaultError(400, "error deleting policy " + name + ": deletion is not allowed for this key");
        }
        keysOf(mount).remove(name);
        return Reply.noContent();
    }

    private Reply rotateKey(String mount, String name) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(400, "key not found");
        }
        key.rotate();
        return Reply.json(200, envelope("transit", key.describe(), null, List.of()));
    }

    private Reply encrypt(String mount, String name, Map<String, Object> body) {
        boolean batch = body.get("batch_input") != null;
        if (!batch && !body.containsKey("plaintext")) {
            throw new VaultError(400, "missing plaintext to encrypt");
        }
        List<Map<String, Object>> items = batch ? batchInput(body) : List.of(body);
        boolean contextSet = requireContextEverywhereOrNowhere(items);
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            // Vault creates an absent key on encrypt (an "upsert"), derived if the request carries a context.
            boolean convergent = bool(body, "convergent_encryption");
            if (convergent && !contextSet) {
                throw new VaultError(400,
                        "convergent encryption requires derivation to be enabled, so context is required");
            }
            String type = string(body, "type", SUPPORTED_KEY_TYPE);
            if (Set.of("ecdsa-p256", "ecdsa-p384", "ecdsa-p521").contains(type)) {
                throw new VaultError(400, "key type " + type + " not supported for this operation");
            }
            requireSupportedType(type);
            key = new TransitKey(name, SUPPORTED_KEY_TYPE, contextSet, convergent, false, false, 0);
            keysOf(mount).put(name, key);
        }
        if (key.signs()) {
            throw new VaultError(400, "key type " + key.type + " does not support encryption");
        }
        TransitKey usedKey = key;
        return itemwise(batch, body, items, item -> {
            byte[] context = base64(string(item, "context"));
            byte[] nonce = base64(string(item, "nonce"));
            int version = optionalIntOr(item, "key_version", 0);
            String ciphertext = usedKey.encrypt(version, context, nonce, base64(string(item, "plaintext")));
            return ordered("ciphertext", ciphertext, "key_version", version == 0 ? usedKey.latestVersion() : version);
        });
    }

    private Reply decrypt(String mount, String name, Map<String, Object> body) {
        boolean batch = body.get("batch_input") != null;
        List<Map<String, Object>> items = batch ? batchInput(body) : List.of(requireCiphertext(body));
        requireContextEverywhereOrNowhere(items);
        TransitKey key = requireEncryptionKey(mount, name);
        return itemwise(batch, body, items, item -> {
            byte[] plaintext = key.decrypt(base64(string(item, "context")), requireItemCiphertext(item));
            return ordered("plaintext", Base64.getEncoder().encodeToString(plaintext));
        });
    }

    private Reply rewrap(String mount, String name, Map<String, Object> body) {
        boolean batch = body.get("batch_input") != null;
        List<Map<String, Object>> items = batch ? batchInput(body) : List.of(requireCiphertext(body));
        requireContextEverywhereOrNowhere(items);
        TransitKey key = requireEncryptionKey(mount, name);
        return itemwise(batch, body, items, item -> {
            byte[] context = base64(string(item, "context"));
            byte[] plaintext = key.decrypt(context, requireItemCiphertext(item));
            int version = optionalIntOr(item, "key_version", 0);
            String ciphertext = key.encrypt(version, context, base64(string(item, "nonce")), plaintext);
            return ordered("ciphertext", ciphertext, "key_version", version == 0 ? key.latestVersion() : version);
        });
    }

    /** {@code transit/sign/<name>}: the base64 {@code input} signed with the key's latest (or given) version. */
    private Reply sign(String mount, String name, Map<String, Object> body) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(400, "signing key not found");
        }
        if (!key.signs()) {
            throw new VaultError(400, "key type " + key.type + " does not support signing");
        }
        String signature = key.sign(optionalIntOr(body, "key_version", 0), base64(string(body, "input")));
        return Reply.json(200, envelope("transit", ordered("signature", signature,
                "key_version", Integer.parseInt(signature.substring(CIPHERTEXT_PREFIX.length(), signature.indexOf(':', CIPHERTEXT_PREFIX.length())))),
                null, List.of()));
    }

    private TransitKey requireEncryptionKey(String mount, String name) {
        TransitKey key = keysOf(mount).get(name);
        if (key == null) {
            throw new VaultError(400, "encryption key not found");
        }
        return key;
    }

    private static Map<String, Object> requireCiphertext(Map<String, Object> body) {
        requireItemCiphertext(body);
        return body;
    }

    private static String requireItemCiphertext(Map<String, Object> item) {
        String ciphertext = string(item, "ciphertext");
        if (ciphertext.isEmpty()) {
            throw new VaultError(400, "missing ciphertext to decrypt");
        }
        return ciphertext;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> batchInput(Map<String, Object> body) {
        if (!(body.get("batch_input") instanceof List<?> input) || !input.stream().allMatch(Map.class::isInstance)) {
            throw new VaultError(500, "failed to parse batch input: batch_input must be a list of objects");
        }
        if (input.isEmpty()) {
            throw new VaultError(400, "missing batch input to process");
        }
        return (List<Map<String, Object>>) input;
    }

    private static boolean requireContextEverywhereOrNowhere(List<Map<String, Object>> items) {
        boolean contextSet = !string(items.get(0), "context").isEmpty();
        if (items.stream().anyMatch(item -> string(item, "context").isEmpty() == contextSet)) {
            throw new VaultError(400, "context should be set either in all the request blocks or in none");
        }
        return contextSet;
    }

    /**
     * Runs one operation per item. A single request fails with the item's error as a 400; a batch answers
     * {@code batch_results}, with an {@code error} in each failed item, and a 400 if any failed, as Vault does
     * since 1.14 (unless {@code partial_failure_response_code} says otherwise and some succeeded).
     */
    private Reply itemwise(boolean batch, Map<String, Object> body, List<Map<String, Object>> items,
            ItemOperation operation) {
        if (!batch) {
            return Reply.json(200, envelope("transit", operation.apply(items.get(0)), null, List.of()));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        boolean failures = false;
        boolean successes = false;
        for (Map<String, Object> item : items) {
            try {
                results.add(operation.apply(item));
                successes = true;
            } catch (VaultError e) {
                if (e.status != 400) {
                    throw e;
                }
                results.add(ordered("error", String.join(", ", e.errors)));
                failures = true;
            }
        }
        int status = 200;
        if (failures) {
            Integer partialFailureCode = optionalInt(body, "partial_failure_response_code");
            status = successes && partialFailureCode != null && partialFailureCode >= 1 && partialFailureCode <= 599
                    ? partialFailureCode : 400;
        }
        return Reply.json(status, envelope("transit", ordered("batch_results", results), null, List.of()));
    }

    @FunctionalInterface
    private interface ItemOperation {
        Map<String, Object> apply(Map<String, Object> item);
    }

    // ---- transit keys and their cryptography ----

    private record KeyVersion(byte[] material, long createdAtEpochSecond) {
    }

    /** A transit key ring. Only touched with {@code lock} held. */
    private final class TransitKey {

        private final String name;
        private final String type;
        private final boolean derived;
        private final boolean convergent;
        private final List<KeyVersion> versions = new ArrayList<>();
        private boolean exportable;
        private boolean allowPlaintextBackup;
        private boolean deletionAllowed;
        private int minDecryptionVersion = 1;
        private int minEncryptionVersion;
        private long autoRotatePeriodSeconds;

        TransitKey(String name, String type, boolean derived, boolean convergent, boolean exportable,
                boolean allowPlaintextBackup, long autoRotatePeriodSeconds) {
            this.name = name;
            this.type = type;
            this.derived = derived;
            this.convergent = convergent;
            this.exportable = exportable;
            this.allowPlaintextBackup = allowPlaintextBackup;
            this.autoRotatePeriodSeconds = autoRotatePeriodSeconds;
            rotate();
        }

        int latestVersion() {
            return versions.size();
        }

        void rotate() {
            byte[] material = new byte[KEY_BYTES];
            random.nextBytes(material);
            versions.add(new KeyVersion(material, Instant.now().getEpochSecond()));
        }

        Map<String, Object> describe() {
            Map<String, Object> keys = new TreeMap<>();
            for (int version = 1; version <= versions.size(); version++) {
                KeyVersion key = versions.get(version - 1);
                // Vault shows an asymmetric key's versions with their public keys, a symmetric key's with their time.
                keys.put(Integer.toString(version), signs() ? ordered(
                        "certificate_chain", "",
                        "creation_time", Instant.ofEpochSecond(key.createdAtEpochSecond()).toString(),
                        "name", SIGNING_KEY_TYPE,
                        "public_key", Base64.getEncoder().encodeToString(rawPublicKey(key.material())))
                        : key.createdAtEpochSecond());
            }
            Map<String, Object> description = ordered(
                    "name", name,
                    "type", type,
                    "derived", derived,
                    "deletion_allowed", deletionAllowed,
                    "min_available_version", 0,
                    "min_decryption_version", minDecryptionVersion,
                    "min_encryption_version", minEncryptionVersion,
                    "latest_version", latestVersion(),
                    "exportable", exportable,
                    "allow_plaintext_backup", allowPlaintextBackup,
                    "supports_encryption", !signs(),
                    "supports_decryption", !signs(),
                    "supports_signing", signs(),
                    "supports_derivation", true,
                    "auto_rotate_period", autoRotatePeriodSeconds,
                    "imported_key", false,
                    "keys", keys);
            if (derived) {
                description.put("kdf", "hkdf_sha256");
                description.put("convergent_encryption", convergent);
                if (convergent) {
                    description.put("convergent_encryption_version", 3);
                }
            }
            return description;
        }

        boolean signs() {
            return type.equals(SIGNING_KEY_TYPE);
        }

        /** Vault's {@code sign} with an ed25519 key: {@code vault:v<version>:base64(signature)}; the seed is the version's material. */
        String sign(int requestedVersion, byte[] input) {
            int version = requestedVersion == 0 ? latestVersion() : requestedVersion;
            if (version < 0 || version > latestVersion()) {
                throw new VaultError(400, "requested version for signing does not exist");
            }
            KeyPair pair = Ed25519.fromSeed(versions.get(version - 1).material());
            return CIPHERTEXT_PREFIX + version + ":" + Ed25519.sign(pair.getPrivate(), input);
        }

        private static byte[] rawPublicKey(byte[] seed) {
            byte[] encoded = Ed25519.fromSeed(seed).getPublic().getEncoded();
            return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
        }

        String encrypt(int requestedVersion, byte[] context, byte[] nonce, byte[] plaintext) {
            int version = requestedVersion;
            if (version == 0) {
                version = latestVersion();
            } else if (version < 0) {
                throw new VaultError(400, "requested version for encryption is negative");
            } else if (version > latestVersion()) {
                throw new VaultError(400, "requested version for encryption is higher than the latest key version");
            } else if (version < minEncryptionVersion) {
                throw new VaultError(400,
                        "requested version for encryption is less than the minimum encryption key version");
            }
            if (nonce.length > 0) {
                throw new VaultError(400, "nonce provided when not allowed");
            }
            byte[] material = workingKey(context, version, convergent ? 2 * KEY_BYTES : KEY_BYTES);
            byte[] iv;
            if (convergent) {
                // Vault's convergent version 3: the nonce is an HMAC of the plaintext under the second derived half.
                byte[] hmacKey = Arrays.copyOfRange(material, KEY_BYTES, 2 * KEY_BYTES);
                iv = Arrays.copyOf(hmacSha256(hmacKey, plaintext), NONCE_BYTES);
            } else {
                iv = new byte[NONCE_BYTES];
                random.nextBytes(iv);
            }
            byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, Arrays.copyOf(material, KEY_BYTES), iv, plaintext);
            byte[] out = Arrays.copyOf(iv, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return CIPHERTEXT_PREFIX + version + ":" + Base64.getEncoder().encodeToString(out);
        }

        /** Vault's checks, in Vault's order: {@code keysutil.Policy.DecryptWithFactory}. */
        byte[] decrypt(byte[] context, String ciphertext) {
            if (!ciphertext.startsWith(CIPHERTEXT_PREFIX)) {
                throw new VaultError(400, "invalid ciphertext: no prefix");
            }
            String[] fields = ciphertext.substring(CIPHERTEXT_PREFIX.length()).split(":", 2);
            if (fields.length != 2) {
                throw new VaultError(400, "invalid ciphertext: wrong number of fields");
            }
            int version;
            try {
                version = Integer.parseInt(fields[0]);
            } catch (NumberFormatException e) {
                throw new VaultError(400, "invalid ciphertext: version number could not be decoded");
            }
            if (version == 0) {
                version = 1;
            }
            if (version > latestVersion()) {
                throw new VaultError(400, "invalid ciphertext: version is too new");
            }
            if (minDecryptionVersion > 0 && version < minDecryptionVersion) {
                throw new VaultError(400, TOO_OLD);
            }
            byte[] decoded;
            try {
                decoded = strictBase64(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new VaultError(400, "invalid ciphertext: could not decode base64");
            }
            byte[] key = workingKey(context, version, KEY_BYTES);
            if (decoded.length < NONCE_BYTES) {
                throw new VaultError(400, "invalid ciphertext length");
            }
            return aesGcm(Cipher.DECRYPT_MODE, key, Arrays.copyOf(decoded, NONCE_BYTES),
                    Arrays.copyOfRange(decoded, NONCE_BYTES, decoded.length));
        }

        /** Vault's {@code Policy.GetKey}: the version's key, or for a derived key HKDF-SHA256 over the context. */
        private byte[] workingKey(byte[] context, int version, int length) {
            byte[] material = versions.get(version - 1).material();
            if (!derived) {
                return material;
            }
            if (context.length == 0) {
                throw new VaultError(400, MISSING_CONTEXT);
            }
            return hkdfSha256(material, context, length);
        }
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            // Go's crypto/cipher error text, which Vault passes on.
            throw new VaultError(400, "cipher: message authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** RFC 5869 with an absent salt (a hash-length of zeros), as Go's {@code hkdf.New(sha256.New, key, nil, info)}. */
    private static byte[] hkdfSha256(byte[] inputKey, byte[] info, int length) {
        byte[] pseudoRandomKey = hmacSha256(new byte[32], inputKey);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int counter = 1, written = 0; written < length; counter++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) counter;
            block = hmacSha256(pseudoRandomKey, input);
            int chunk = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, chunk);
            written += chunk;
        }
        return out;
    }

    private static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    // ---- request fields, weakly typed the way Vault's framework reads them ----

    private static String string(Map<String, Object> body, String field) {
        return string(body, field, "");
    }

    /** {@code absent} when the field is not sent; an explicit null is "", which Vault does not replace by the default. */
    private static String string(Map<String, Object> body, String field, String absent) {
        if (!body.containsKey(field)) {
            return absent;
        }
        Object value = body.get(field);
        return value == null ? "" : value.toString();
    }

    private static boolean bool(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        return switch (value.toString().toLowerCase()) {
            case "true", "1", "t" -> true;
            case "false", "0", "f", "" -> false;
            default -> throw new VaultError(400, "error converting input " + value + " for field \"" + field + "\"");
        };
    }

    /** Absent is null; an explicit null is 0, as Vault's {@code FieldData.GetOk} reads it. */
    private static Integer optionalInt(Map<String, Object> body, String field) {
        if (!body.containsKey(field)) {
            return null;
        }
        Object value = body.get(field);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new VaultError(400, "error converting input " + value + " for field \"" + field + "\"");
        }
    }

    private static int optionalIntOr(Map<String, Object> body, String field, int absent) {
        Integer value = optionalInt(body, field);
        return value == null ? absent : value;
    }

    /** Vault's {@code TypeDurationSecond}: a number of seconds, or a Go duration such as "1h" or "90m". */
    private static long durationSeconds(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null || value.toString().isEmpty()) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        String text = value.toString().trim();
        if (text.matches("\\d+")) {
            return Long.parseLong(text);
        }
        Matcher part = DURATION_PART.matcher(text);
        double seconds = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double amount = Double.parseDouble(part.group(1));
            seconds += amount * switch (part.group(2)) {
                case "ns" -> 1e-9;
                case "us", "µs" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            end = part.end();
        }
        if (end != text.length() || end == 0) {
            throw new VaultError(400, "error converting input " + value + " for field \"" + field + "\"");
        }
        return (long) seconds;
    }

    /** Empty for an empty field; otherwise Go's padded standard base64, with Go's error message. */
    private static byte[] base64(String value) {
        try {
            return strictBase64(value);
        } catch (IllegalArgumentException e) {
            int offset = 0;
            while (offset < value.length() && isBase64Character(value.charAt(offset))) {
                offset++;
            }
            // For a bad length Go reports where the incomplete group starts; this is near enough for a message.
            if (offset == value.length()) {
                offset = value.length() - value.length() % 4;
            }
            throw new VaultError(400, "illegal base64 data at input byte " + offset);
        }
    }

    /** Java's decoder accepts missing padding; Go's {@code StdEncoding}, which Vault uses, does not. */
    private static byte[] strictBase64(String value) {
        if (value.length() % 4 != 0) {
            throw new IllegalArgumentException("base64 input length is not a multiple of 4");
        }
        return Base64.getDecoder().decode(value);
    }

    private static boolean isBase64Character(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    // ---- responses ----

    /** Vault's response envelope: the result in {@code data} or {@code auth}, the rest null or empty. */
    private static Map<String, Object> envelope(String mountType, Map<String, Object> data, Map<String, Object> auth,
            List<String> warnings) {
        return ordered(
                "request_id", UUID.randomUUID().toString(),
                "lease_id", "",
                "renewable", false,
                "lease_duration", 0,
                "data", data,
                "wrap_info", null,
                "warnings", warnings.isEmpty() ? null : warnings,
                "auth", auth,
                "mount_type", mountType);
    }

    /** A mutable map in the given order; unlike {@code Map.of} it takes nulls, which Vault's JSON has. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private String randomToken() {
        return "hvs." + randomId(24);
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    private enum Operation { READ, LIST, WRITE, DELETE, HEAD, OTHER }

    private record Request(String method, String path, Map<String, String> query, String token, String namespace,
            byte[] body) {

        /** Reads the whole request first: the JDK server wants the body consumed before it answers. */
        static Request read(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String fullPath = exchange.getRequestURI().getPath();
            String path = fullPath.startsWith("/v1/") ? fullPath.substring("/v1/".length()) : null;
            Map<String, String> query = new HashMap<>();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                for (String parameter : rawQuery.split("&")) {
                    String[] pair = parameter.split("=", 2);
                    query.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                            pair.length == 2 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
                }
            }
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
                token = authorization.substring("Bearer ".length()).trim();
            }
            String namespace = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            if (namespace != null) {
                namespace = namespace.replaceAll("^/+|/+$", "");
                namespace = namespace.isEmpty() ? null : namespace;
            }
            return new Request(exchange.getRequestMethod(), path, query, token, namespace, body);
        }

        Operation operation() {
            return switch (method) {
                case "GET" -> "true".equals(query.get("list")) ? Operation.LIST : Operation.READ;
                case "LIST" -> Operation.LIST;
                case "POST", "PUT" -> Operation.WRITE;
                case "DELETE" -> Operation.DELETE;
                case "HEAD" -> Operation.HEAD;
                default -> Operation.OTHER;
            };
        }

        int intQuery(String name, int absent) {
            String value = query.get(name);
            try {
                return value == null ? absent : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new VaultError(400, "error parsing " + name + " parameter");
            }
        }
    }

    private record Reply(int status, Object body) {

        static Reply json(int status, Map<String, Object> body) {
            return new Reply(status, body);
        }

        static Reply noContent() {
            return new Reply(204, null);
        }

        static Reply errors(int status, List<String> errors) {
            return new Reply(status, Map.of("errors", errors));
        }
    }

    private record AppRole(String name, String roleId, String secretId, AppRoleSettings settings,
            Instant secretIdExpiresAt, AtomicInteger secretIdUsesLeft) {

        /** True when the secret ID can no longer log in: expired, or its uses spent. */
        boolean secretIdSpentOrExpired(Instant now) {
            boolean expired = secretIdExpiresAt != null && !now.isBefore(secretIdExpiresAt);
            boolean spent = settings.secretIdNumUses() > 0 && secretIdUsesLeft.get() <= 0;
            return expired || spent;
        }

        void useSecretId() {
            secretIdUsesLeft.decrementAndGet();
        }
    }

    private record Token(String id, String accessor, List<String> policies, Duration creationTtl, boolean renewable,
            Instant issuedAt, Instant expiresAt, Instant maxExpiresAt, String path, String displayName,
            Map<String, String> meta) {

        long remainingTtlSeconds() {
            return expiresAt == null ? 0 : Math.max(0, Duration.between(Instant.now(), expiresAt).getSeconds());
        }

        Token expiringAt(Instant newExpiry) {
            return new Token(id, accessor, policies, creationTtl, renewable, issuedAt, newExpiry, maxExpiresAt, path,
                    displayName, meta);
        }
    }

    /** An answer other than success: the HTTP status and Vault's {@code errors} list. */
    private static final class VaultError extends RuntimeException {

        private final int status;
        private final List<String> errors;

        VaultError(int status, String... errors) {
            super(status + " " + String.join(", ", errors), null, false, false);
            this.status = status;
            this.errors = List.of(errors);
        }
    }
}
