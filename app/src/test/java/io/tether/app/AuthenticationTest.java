package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.tether.app.Api.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Every endpoint needs a valid bearer token; a refused one learns nothing about why. */
class AuthenticationTest extends EndToEndTest {

    private static final String ORG = UUID.randomUUID().toString();

    static Stream<Arguments> refusedTokens() {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("not a JWT", "garbage"),
                Arguments.of("expired", Tokens.signed(Tokens.SECRET, Map.of("sub", "alice", "org_id", ORG),
                        Instant.now().minusSeconds(3600))),
                Arguments.of("without expiry", Tokens.signed(Tokens.SECRET, Map.of("sub", "alice", "org_id", ORG), null)),
                Arguments.of("signed with another secret", Tokens.signed("another-secret-that-is-long-enough-0123456789",
                        Map.of("sub", "alice", "org_id", ORG), inAnHour)),
                Arguments.of("without organization", Tokens.signed(Tokens.SECRET, Map.of("sub", "alice"), inAnHour)),
                Arguments.of("organization not a UUID", Tokens.signed(Tokens.SECRET,
                        Map.of("sub", "alice", "org_id", "acme"), inAnHour)),
                Arguments.of("without subject", Tokens.signed(Tokens.SECRET, Map.of("org_id", ORG), inAnHour)),
                Arguments.of("alg none", unsigned(Map.of("sub", "alice", "org_id", ORG, "exp", inAnHour.getEpochSecond()))),
                Arguments.of("expired beyond the clock skew", Tokens.signed(Tokens.SECRET, Map.of("sub", "alice", "org_id", ORG),
                        Instant.now().minusSeconds(90))),
                Arguments.of("not valid yet", Tokens.signed(Tokens.SECRET, Map.of("sub", "alice", "org_id", ORG,
                        "nbf", Instant.now().plusSeconds(300)), inAnHour)),
                Arguments.of("HS512 instead of HS256", hs512(Map.of("sub", "alice", "org_id", ORG), inAnHour)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aRequestWithoutAValidToken_isUnauthorized_onEveryEndpoint(String description, String token) {
        Api api = new Api(http, token);
        String account = "/integrations/accounts/" + UUID.randomUUID();
        List<Response> responses = List.of(
                api.get("/integrations/accounts"),
                api.get(account),
                api.post("/integrations/accounts", adsAccount("Sneaky")),
                api.post(account + "/connect", "{\"credentials\":{\"refresh_token\":\"x\"}}"),
                api.post(account + "/disconnect", null),
                api.post(account + "/mark-failed", "{\"error_message\":\"x\"}"),
                api.delete(account));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.body().get("code").asText()).isEqualTo("unauthenticated");
            assertThat(response.body().get("detail").asText()).isEqualTo("A valid bearer token is required.");
        });
        assertThat(eventsCausedBy(responses.toArray(Response[]::new))).isZero();
    }

    @Test
    void aTokenExpiredWithinTheClockSkew_isStillAccepted() {
        String token = Tokens.signed(Tokens.SECRET, Map.of("sub", "alice", "org_id", ORG, "roles", List.of("viewer")),
                Instant.now().minusSeconds(10));
        assertThat(new Api(http, token).get("/integrations/accounts").status()).isEqualTo(200);
    }

    /** HS256 is the local mode's only algorithm. */
    private static String hs512(Map<String, Object> claims, Instant expiresAt) {
        var encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec((Tokens.SECRET + Tokens.SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA512")));
        var claimSet = JwtClaimsSet.builder().expiresAt(expiresAt);
        claims.forEach(claimSet::claim);
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS512).build(), claimSet.build()))
                .getTokenValue();
    }

    private static String unsigned(Map<String, Object> claims) {
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String payload = claims.entrySet().stream()
                .map(claim -> "\"" + claim.getKey() + "\":" + (claim.getValue() instanceof String
                        ? "\"" + claim.getValue() + "\"" : claim.getValue()))
                .reduce((a, b) -> a + "," + b).map(body -> "{" + body + "}").orElseThrow();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + encoder.encodeToString(payload.getBytes()) + ".";
    }
}
