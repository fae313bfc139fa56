package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tether.app.Api.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tether as production configures it: bearer tokens signed by the platform's identity provider (RS256 or
 * ES256), whose keys it finds through OpenID discovery at the issuer, here a WireMock stand-in; an audience
 * required; and rate limits small enough to reach in a test: {@value #PER_PRINCIPAL} requests per principal
 * and {@value #PER_IP} per client IP an hour. Tests that exhaust the IP limit send from another loopback
 * address (127.0.0.2), so the other tests' requests from 127.0.0.1 are not refused. The application is
 * closed after these tests, while its database still runs.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.audience=" + ProductionSecurityTest.AUDIENCE,
                "tether.rate-limits.per-principal=" + ProductionSecurityTest.PER_PRINCIPAL,
                "tether.rate-limits.per-ip=" + ProductionSecurityTest.PER_IP,
                "tether.rate-limits.period=1h",
                "management.prometheus.metrics.export.enabled=true"})
@DirtiesContext
class ProductionSecurityTest {

    static final String AUDIENCE = "tether-api";
    static final int PER_PRINCIPAL = 3;
    static final int PER_IP = 40;

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "production-security-" + UUID.randomUUID());
    private static final WireMockServer IDENTITY_PROVIDER = new WireMockServer(options().dynamicPort());
    private static final RSAKey PROVIDER_RSA = rsaKey("provider-rsa");
    private static final ECKey PROVIDER_EC = ecKey("provider-ec");
    /** Another key under the provider's key id: a forger's. */
    private static final RSAKey FORGER_RSA = rsaKey("provider-rsa");

    static {
        IDENTITY_PROVIDER.start();
        IDENTITY_PROVIDER.stubFor(get(urlEqualTo("/issuer/.well-known/openid-configuration")).willReturn(okJson(
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + IDENTITY_PROVIDER.baseUrl() + "/jwks\","
                        + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"]}")));
        IDENTITY_PROVIDER.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(
                new JWKSet(List.<JWK>of(PROVIDER_RSA.toPublicJWK(), PROVIDER_EC.toPublicJWK())).toString())));
    }

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
        registry.add("tether.security.jwt.issuer-uri", ProductionSecurityTest::issuer);
    }

    @Test
    void aTokenSignedByTheIdentityProvider_withRs256OrEs256_isAccepted() {
        assertThat(call(token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> { })).status()).isEqualTo(200);
        assertThat(call(token(PROVIDER_EC, JWSAlgorithm.ES256, claims -> { })).status()).isEqualTo(200);
    }

    @Test
    void aTokenExpiredWithinTheClockSkew_isStillAccepted() {
        String token = token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(300)))
                .expirationTime(Date.from(Instant.now().minusSeconds(10))));
        assertThat(call(token).status()).isEqualTo(200);
    }

    @Test
    void aTokenTheIdentityProviderDidNotIssue_isUnauthorized_withNothingToLearn() throws JOSEException {
        List<String> refused = List.of(
                token(FORGER_RSA, JWSAlgorithm.RS256, claims -> { }),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.audience("another-api")),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.audience((String) null)),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.issuer("https://evil.example.com/issuer")),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.issuer(null)),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims
                        .issueTime(Date.from(Instant.now().minusSeconds(600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(120)))),
                token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(300)))),
                hmacSigned(Tokens.SECRET),
                // Algorithm confusion: HS256 keyed with the provider's public key, which anyone can fetch.
                hmacSigned(new String(PROVIDER_RSA.toPublicKey().getEncoded(), StandardCharsets.ISO_8859_1)));

        assertThat(refused).allSatisfy(token -> {
            Response response = call(token);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.body().get("detail").asText()).isEqualTo("A valid bearer token is required.");
        });
    }

    @Test
    void aPrincipal_isLimitedPerPeriod_with429AndRetryAfter_whileAnotherPrincipalGoesOn() {
        UUID organization = UUID.randomUUID();
        String limited = token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.subject("busy-" + UUID.randomUUID())
                .claim("org_id", organization.toString()));
        for (int i = 0; i < PER_PRINCIPAL; i++) {
            assertThat(call(limited).status()).isEqualTo(200);
        }

        Response refused = call(limited);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.body().get("code").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(call(token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.subject("calm-" + UUID.randomUUID())
                .claim("org_id", organization.toString()))).status()).isEqualTo(200);
    }

    @Test
    void aClientIp_isLimitedPerPeriod_evenWithoutAToken() {
        for (int i = 0; i < PER_IP; i++) {
            assertThat(rawGetFrom("127.0.0.2", "/integrations/accounts")).startsWith("HTTP/1.1 401");
        }

        String refused = rawGetFrom("127.0.0.2", "/integrations/accounts");

        assertThat(refused).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: ")
                .containsIgnoringCase("Content-Type: application/problem+json").contains("\"rate_limited\"");
        assertThat(rawGetFrom("127.0.0.2", "/actuator/health")).startsWith("HTTP/1.1 429");
    }

    @Test
    void rateLimitRejections_areCountedByLimit_inThePrometheusScrape() {
        String limited = token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims.subject("counted-" + UUID.randomUUID()));
        for (int i = 0; i <= PER_PRINCIPAL; i++) {
            call(limited);
        }

        Response scraped = new Api(http, token(PROVIDER_RSA, JWSAlgorithm.RS256, claims -> claims
                .subject("scraper-" + UUID.randomUUID()).claim("roles", List.of("metrics")))).get("/actuator/prometheus");

        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.rawBody()).containsPattern("tether_rate_limit_rejections_total\\{[^}]*limit=\"principal\"[^}]*} [1-9]");
    }

    private Response call(String token) {
        return new Api(http, token).get("/integrations/accounts");
    }

    /** A viewer's token from the identity provider for a new organization, as the customizer changes it. */
    private static String token(JWK key, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> customizer) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(List.of(AUDIENCE, "another-api"))
                .subject("user-" + UUID.randomUUID())
                .claim("org_id", UUID.randomUUID().toString())
                .claim("roles", List.of("viewer"))
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        customizer.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String hmacSigned(String secret) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject("alice")
                .claim("org_id", UUID.randomUUID().toString()).claim("roles", List.of("viewer"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A GET sent from the given loopback address, which the rate limit sees as another client; the raw response. */
    private String rawGetFrom(String localAddress, String path) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                return in.lines().collect(Collectors.joining("\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String issuer() {
        return IDENTITY_PROVIDER.baseUrl() + "/issuer";
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
