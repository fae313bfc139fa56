package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tether.app.Api.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tether with an issuer (OpenID discovery) whose provider, a WireMock stand-in, is down when Tether starts:
 * it starts all the same, readiness says DOWN through the {@code identity} component, a token is answered
 * 503 {@code identity_provider_unavailable} with a {@code Retry-After} (and logged as a 503); once the
 * provider is back Tether becomes ready by itself, and when it then hangs, tokens under the keys Tether
 * holds keep working while unknown key ids are refused.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.key-set.connect-timeout=1s",
                "tether.security.jwt.key-set.read-timeout=2s",
                "tether.security.jwt.key-set.min-fetch-interval=1s",
                "tether.security.jwt.key-set.cache-time-to-live=1m"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class IdentityProviderOutageTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", "identity-outage-" + UUID.randomUUID());
    private static final WireMockServer PROVIDER = new WireMockServer(options().dynamicPort());
    private static final RSAKey SIGNING = rsaKey("signing");

    static {
        PROVIDER.start();
        PROVIDER.stubFor(get(urlEqualTo("/issuer/.well-known/openid-configuration"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        PROVIDER.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    HealthEndpoint health;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
        registry.add("tether.security.jwt.issuer-uri", IdentityProviderOutageTest::issuer);
    }

    @AfterAll
    static void stopTheProvider() {
        PROVIDER.stop();
    }

    @Test
    void startedWhileTheProviderWasDown_answers503UntilItIsBack_thenKeepsCachedKeysThroughAHang(CapturedOutput output) {
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value()).isEqualTo(503);
        assertThat(health.healthForPath("identity").getStatus()).isEqualTo(Status.DOWN);

        long started = System.nanoTime();
        Response unavailable = call(token("signing"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
        assertThat(unavailable.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(unavailable.body().get("code").asText()).isEqualTo("identity_provider_unavailable");
        assertThat(unavailable.header("Retry-After")).isEqualTo("1");
        assertThat(call(token("made-up")).status()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(output.getOut()).contains("GET /integrations/accounts 503 ")
                        .doesNotContain("GET /integrations/accounts 200 ").doesNotContain("GET /integrations/accounts 500 "));

        PROVIDER.stubFor(get(urlEqualTo("/issuer/.well-known/openid-configuration")).willReturn(okJson(
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + PROVIDER.baseUrl() + "/jwks\"}")));
        PROVIDER.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(new JWKSet(List.<JWK>of(SIGNING.toPublicJWK())).toString())));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value()).isEqualTo(200));
        assertThat(call(token("signing")).status()).isEqualTo(200);

        PROVIDER.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson("{\"keys\":[]}").withFixedDelay(8_000)));
        started = System.nanoTime();
        assertThat(call(token("signing")).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        Response unknownKey = call(token("made-up"));
        assertThat(unknownKey.status()).as(unknownKey.toString()).isEqualTo(401);
        assertThat(call(token("signing")).status()).isEqualTo(200);
    }

    private Response call(String token) {
        return new Api(http, token).get("/integrations/accounts");
    }

    /** A viewer's token signed with the provider's key, under this key id. */
    private static String token(String keyId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("user-" + UUID.randomUUID())
                .claim("org_id", UUID.randomUUID().toString())
                .claim("roles", List.of("viewer"))
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        try {
            jwt.sign(new RSASSASigner(SIGNING));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String issuer() {
        return PROVIDER.baseUrl() + "/issuer";
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
