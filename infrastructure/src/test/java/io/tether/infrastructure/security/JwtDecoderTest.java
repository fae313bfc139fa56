package io.tether.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tether.infrastructure.DataDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The decoder in the JWK set mode (the key set named directly, no discovery) and in the HS256 mode, without
 * an application: which tokens verify and which do not. ProductionSecurityTest covers discovery end to end.
 */
class JwtDecoderTest {

    private static final String AUDIENCE = "tether-api";
    private static RSAKey providerKey;
    private static HttpServer jwks;
    private static volatile byte[] published;

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void aJwkSetEndpoint() throws IOException, JOSEException {
        providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        publish(providerKey);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            byte[] keySet = published;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        jwks.start();
    }

    /** The provider's JWK set from now on: these keys' public halves. */
    private static void publish(RSAKey... keys) {
        published = new JWKSet(Arrays.stream(keys).map(key -> (JWK) key.toPublicJWK()).toList()).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void jwkSetMode_acceptsTheProvidersRs256Token_withTheAudience() {
        JwtDecoder decoder = jwkSetDecoder(Duration.ofSeconds(30));

        assertThat(decoder.decode(rs256(providerKey, claims -> { })).getSubject()).isEqualTo("alice");
    }

    @Test
    void jwkSetMode_refusesAnotherKey_anotherAudience_andAnExpiryBeyondTheSkew() throws JOSEException {
        JwtDecoder decoder = jwkSetDecoder(Duration.ofSeconds(30));
        RSAKey forger = new RSAKeyGenerator(2048).keyID("k1").generate();

        assertThatThrownBy(() -> decoder.decode(rs256(forger, claims -> { }))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(rs256(providerKey, claims -> claims.audience("other"))))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(rs256(providerKey, claims -> claims
                .expirationTime(Date.from(Instant.now().minusSeconds(45)))))).isInstanceOf(JwtException.class);
        assertThat(decoder.decode(rs256(providerKey, claims -> claims
                .expirationTime(Date.from(Instant.now().minusSeconds(15))))).getSubject()).isEqualTo("alice");
    }

    /**
     * The provider rotates its signing key: a token under the new {@code kid} verifies, with the decoder already in
     * use, once the minimum interval since the last fetch has passed (one fetch per interval, whatever the traffic).
     */
    @Test
    void jwkSetMode_acceptsAKeyTheProviderAddsLater_byFetchingTheSetAgain() throws JOSEException {
        Duration interval = Duration.ofSeconds(1);
        JwtDecoder decoder = jwkSetDecoder(Duration.ofSeconds(30), interval);
        assertThat(decoder.decode(rs256(providerKey, claims -> { })).getSubject()).isEqualTo("alice");
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2-" + UUID.randomUUID()).generate();

        publish(providerKey, rotated);
        try {
            String token = rs256(rotated, claims -> { });
            // Refused (401) until the interval has passed, then fetched and accepted.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class).untilAsserted(() ->
                    assertThat(decoder.decode(token).getSubject()).isEqualTo("alice"));
        } finally {
            publish(providerKey);
        }
    }

    @Test
    void hmacMode_refusesAnRs256Token_andAcceptsItsOwnHs256() throws JOSEException {
        String secret = "an-hs256-secret-for-the-decoder-test-0123456789";
        JwtDecoder decoder = SecurityConfiguration.decoder(new JwtProperties(secret, null, null, null,
                Duration.ofSeconds(30), Duration.ofHours(24), JwtProperties.KeySet.defaults()), new DataDirectory(dataDirectory), null);
        SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(claims -> { }));
        hs256.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));

        assertThat(decoder.decode(hs256.serialize()).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> decoder.decode(rs256(providerKey, claims -> { }))).isInstanceOf(JwtException.class);
    }

    /** A token verified once is remembered: the same token again is not verified anew, a forged twin still is. */
    @Test
    void hmacMode_remembersAVerifiedToken_andStillRefusesItsForgedTwin() throws JOSEException {
        String secret = "an-hs256-secret-for-the-decoder-test-0123456789";
        JwtDecoder decoder = hmacDecoder(secret, Duration.ofSeconds(30));
        JWTClaimsSet claims = claims(c -> { });
        String token = hs256(secret, claims);
        String forged = hs256("another-hs256-secret-of-the-same-length-987654", claims);
        assertThat(forged.substring(0, forged.lastIndexOf('.'))).isEqualTo(token.substring(0, token.lastIndexOf('.')));

        Jwt first = decoder.decode(token);
        assertThat(decoder.decode(token)).isSameAs(first);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(decoder.decode(token)).isSameAs(first);
    }

    /** A remembered token is checked again on every use: once past its expiry (and the skew), it is refused. */
    @Test
    void hmacMode_refusesARememberedToken_onceItHasExpired() throws JOSEException {
        String secret = "an-hs256-secret-for-the-decoder-test-0123456789";
        JwtDecoder decoder = hmacDecoder(secret, Duration.ZERO);
        Instant expiry = Instant.now().plusSeconds(2);
        String token = hs256(secret, claims(claims -> claims.expirationTime(Date.from(expiry))));

        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                        .hasMessageContaining("expired"));
    }

    private JwtDecoder hmacDecoder(String secret, Duration clockSkew) {
        return SecurityConfiguration.decoder(new JwtProperties(secret, null, null, null, clockSkew, Duration.ofHours(24),
                JwtProperties.KeySet.defaults()), new DataDirectory(dataDirectory), null);
    }

    private static String hs256(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private JwtDecoder jwkSetDecoder(Duration clockSkew) {
        return jwkSetDecoder(clockSkew, JwtProperties.KeySet.defaults().minFetchInterval());
    }

    private JwtDecoder jwkSetDecoder(Duration clockSkew, Duration minFetchInterval) {
        String uri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
        JwtProperties.KeySet defaults = JwtProperties.KeySet.defaults();
        JwtProperties properties = new JwtProperties(null, null, uri, AUDIENCE, clockSkew, Duration.ofHours(24),
                new JwtProperties.KeySet(defaults.connectTimeout(), defaults.readTimeout(), defaults.cacheTimeToLive(),
                        defaults.outageTolerance(), minFetchInterval));
        return SecurityConfiguration.decoder(properties, new DataDirectory(dataDirectory), new IdentityProviderKeys(properties));
    }

    private static String rs256(RSAKey key, Consumer<JWTClaimsSet.Builder> customizer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims(customizer));
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject("alice")
                .audience(List.of(AUDIENCE))
                .claim("org_id", UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now().minusSeconds(120)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        customizer.accept(claims);
        return claims.build();
    }
}
