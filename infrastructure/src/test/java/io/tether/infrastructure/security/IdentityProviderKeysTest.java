package io.tether.infrastructure.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tether.infrastructure.DataDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The decoder against a stand-in identity provider that hangs, refuses, rotates and is flooded with unknown
 * key ids. A {@link BadJwtException} is a refused token (401); any other {@link JwtException} caused by a
 * {@link KeySourceException} is the provider's outage, which the web layer answers 503.
 */
class IdentityProviderKeysTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static RSAKey signing;
    private static RSAKey rotated;

    private static final WireMockServer provider = new WireMockServer(options().dynamicPort());

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void start() throws Exception {
        signing = new RSAKeyGenerator(2048).keyID("signing").generate();
        rotated = new RSAKeyGenerator(2048).keyID("rotated").generate();
        provider.start();
        // WireMock's first answer in a JVM takes longer than the read timeout on a busy machine.
        publish(signing);
        new DefaultResourceRetriever().retrieveResource(URI.create(provider.baseUrl() + "/jwks").toURL());
    }

    @BeforeEach
    void publishTheSigningKey() {
        provider.resetAll();
        publish(signing);
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    /** The provider stops answering: every connection is reset. */
    private static void down() {
        provider.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @Test
    void aProviderThatNeverAnswers_isAnOutage_withinTheTimeouts_notAHungThread() {
        provider.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(keySet(signing)).withFixedDelay(6_000)));
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(token(signing, claims -> { })))
                .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class)
                .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProviderThatRefusesConnections_isAnOutage_notABadToken() throws Exception {
        provider.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));

        assertThatThrownBy(() -> decoder.decode(token(signing, claims -> { })))
                .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class)
                .satisfies(e -> assertThat(causedByKeySource(e)).isTrue());

        JwtProperties nobodyListening = new JwtProperties(null, null, "http://127.0.0.1:" + closedPort() + "/jwks", null,
                Duration.ofSeconds(30), Duration.ofHours(24), keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));
        JwtDecoder refused = SecurityConfiguration.decoder(nobodyListening, new DataDirectory(dataDirectory),
                new IdentityProviderKeys(nobodyListening));
        assertThatThrownBy(() -> refused.decode(token(signing, claims -> { })))
                .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
    }

    /** The cache expires during the outage: the last key set fetched is served, unknown key ids are still refused. */
    @Test
    void tokensUnderCachedKeys_keepWorkingThroughAnOutage_pastTheCacheLifetime() {
        JwtDecoder decoder = decoder(keySet(Duration.ofSeconds(2), Duration.ofMillis(500)));
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
        Instant fetched = Instant.now();

        down();
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(fetched.plusSeconds(3)));

        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> decoder.decode(token(rotated, claims -> { }))).isInstanceOf(BadJwtException.class);
    }

    @Test
    void aHangingProvider_delaysNoTokenWhoseKeyIsCached() {
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
        provider.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(keySet(signing)).withFixedDelay(6_000)));

        // A decode that asked the hanging provider would have failed after the read timeout. The bound is that
        // timeout, not how fast a busy machine verifies a signature (1.37 s once under load).
        long started = System.nanoTime();
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT);
        assertThat(keySetFetches()).as("only the first decode's fetch").isEqualTo(1);
    }

    /** 200 tokens at once, each under a key id nobody published, beside valid ones: one fetch, all junk refused. */
    @Test
    void aFloodOfUnknownKeyIds_fetchesTheKeySetOnce_withinAnInterval() throws Exception {
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));
        List<String> junk = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> token(rotated, "junk-" + i, claims -> { })).toList();

        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            List<Future<Throwable>> answers = junk.stream().map(token -> threads.submit(() -> refusal(decoder, token))).toList();
            List<Future<Throwable>> valid = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> threads.submit(() -> refusal(decoder, token(signing, claims -> { })))).toList();
            for (Future<Throwable> answer : answers) {
                assertThat(answer.get()).isInstanceOf(BadJwtException.class);
            }
            for (Future<Throwable> answer : valid) {
                assertThat(answer.get()).isNull();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(keySetFetches()).isEqualTo(1);
    }

    /**
     * Junk tokens without pause for several intervals: the n-th fetch comes at least n - 1 intervals after the
     * first, never two in one interval (Nimbus's own rate limit lets two through).
     */
    @Test
    void unknownKeyIds_withoutPause_fetchTheKeySetAtMostOncePerInterval() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), interval));
        List<String> junk = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> token(rotated, "junk-" + i, claims -> { })).toList();

        long started = System.currentTimeMillis();
        long until = started + interval.toMillis() * 11 / 2;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Throwable>>> answers = java.util.stream.IntStream.range(0, 4).mapToObj(t -> threads.submit(() -> {
                List<Throwable> refusals = new java.util.ArrayList<>();
                for (int i = t; System.currentTimeMillis() < until; i++) {
                    refusals.add(refusal(decoder, junk.get(i % junk.size())));
                }
                return refusals;
            })).toList();
            for (Future<List<Throwable>> answer : answers) {
                assertThat(answer.get()).isNotEmpty().allSatisfy(refused -> assertThat(refused).isInstanceOf(BadJwtException.class));
            }
        } finally {
            threads.shutdownNow();
        }
        long elapsed = System.currentTimeMillis() - started;

        assertThat(keySetFetches()).isBetween(2, 1 + (int) (elapsed / interval.toMillis()));
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
    }

    private static Throwable refusal(JwtDecoder decoder, String token) {
        try {
            decoder.decode(token);
            return null;
        } catch (JwtException refused) {
            return refused;
        }
    }

    private static int keySetFetches() {
        return provider.countRequestsMatching(getRequestedFor(urlEqualTo("/jwks")).build()).getCount();
    }

    /** A key the provider removes is accepted until the cached set expires (cache-time-to-live), then refused. */
    @Test
    void aRemovedKey_isAcceptedUntilTheCacheLifetimeEnds_thenRefused() {
        publish(signing, rotated);
        JwtDecoder decoder = decoder(keySet(Duration.ofSeconds(2), Duration.ofMillis(500)));
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");

        publish(rotated);
        assertThat(decoder.decode(token(signing, claims -> { })).getSubject()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThatThrownBy(() -> decoder.decode(token(signing, claims -> { }))).isInstanceOf(BadJwtException.class));
        assertThat(decoder.decode(token(rotated, claims -> { })).getSubject()).isEqualTo("alice");
    }

    /** The same token, already verified and remembered, is refused too once the set Tether holds lost its key. */
    @Test
    void aRemovedKey_refusesATokenAlreadyVerified_onceTheCachedSetExpires() {
        publish(signing, rotated);
        JwtDecoder decoder = decoder(keySet(Duration.ofSeconds(2), Duration.ofMillis(500)));
        String token = token(signing, claims -> { });
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");

        publish(rotated);
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class));
    }

    @Test
    void aTokenLivingLongerThanTheMaximum_isRefused() {
        JwtDecoder decoder = decoder(keySet(Duration.ofMinutes(5), Duration.ofSeconds(30)));
        Instant issued = Instant.now().minusSeconds(60);

        assertThatThrownBy(() -> decoder.decode(token(signing, claims -> claims.issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(24)).plusSeconds(1))))))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(token(signing, claims -> claims.issueTime(null)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofDays(30)))))))
                .isInstanceOf(BadJwtException.class);
        assertThat(decoder.decode(token(signing, claims -> claims.issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(24)))))).getSubject()).isEqualTo("alice");
    }

    /** With an issuer, discovery waits for the first token: a provider down at start costs nothing until then. */
    @Test
    void discovery_happensOnFirstNeed_andRecoversOnceTheProviderIsBack() {
        String issuer = provider.baseUrl() + "/realm";
        provider.stubFor(get(urlEqualTo("/realm/.well-known/openid-configuration"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        JwtProperties properties = new JwtProperties(null, issuer, null, null, Duration.ofSeconds(30),
                Duration.ofHours(24), keySet(Duration.ofMinutes(5), Duration.ofMillis(500)));
        IdentityProviderKeys keys = new IdentityProviderKeys(properties);
        JwtDecoder decoder = SecurityConfiguration.decoder(properties, new DataDirectory(dataDirectory), keys);

        assertThat(keys.load()).isFalse();
        assertThatThrownBy(() -> decoder.decode(token(signing, claims -> claims.issuer(issuer))))
                .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);

        provider.stubFor(get(urlEqualTo("/realm/.well-known/openid-configuration")).willReturn(okJson(
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + provider.baseUrl() + "/jwks\"}")));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(keys::load);
        assertThat(decoder.decode(token(signing, claims -> claims.issuer(issuer))).getSubject()).isEqualTo("alice");
    }

    private JwtDecoder decoder(JwtProperties.KeySet keySet) {
        JwtProperties properties = new JwtProperties(null, null, provider.baseUrl() + "/jwks", null,
                Duration.ofSeconds(30), Duration.ofHours(24), keySet);
        return SecurityConfiguration.decoder(properties, new DataDirectory(dataDirectory), new IdentityProviderKeys(properties));
    }

    private static JwtProperties.KeySet keySet(Duration cacheTimeToLive, Duration minFetchInterval) {
        return new JwtProperties.KeySet(Duration.ofSeconds(1), READ_TIMEOUT, cacheTimeToLive, Duration.ofHours(1),
                minFetchInterval);
    }

    private static void publish(RSAKey... keys) {
        provider.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(keySet(keys))));
    }

    private static String keySet(RSAKey... keys) {
        return new JWKSet(Arrays.stream(keys).map(key -> (JWK) key.toPublicJWK()).toList()).toString();
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean causedByKeySource(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof KeySourceException) {
                return true;
            }
        }
        return false;
    }

    private static String token(RSAKey key, Consumer<JWTClaimsSet.Builder> customizer) {
        return token(key, key.getKeyID(), customizer);
    }

    private static String token(RSAKey key, String keyId, Consumer<JWTClaimsSet.Builder> customizer) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("org_id", UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now().minusSeconds(60)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        customizer.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
