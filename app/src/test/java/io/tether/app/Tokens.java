package io.tether.app;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs test bearer tokens the way the platform's identity provider would. */
final class Tokens {

    static final String SECRET = "an-hs256-secret-for-tether-tests-only-0123456789";

    private Tokens() {
    }

    static String forOrganization(UUID organizationId) {
        return forOrganization(organizationId, "admin");
    }

    static String forOrganization(UUID organizationId, String... roles) {
        return signed(SECRET, Map.of("sub", "alice", "org_id", organizationId.toString(), "roles", List.of(roles)),
                Instant.now().plusSeconds(600));
    }

    static String signed(String secret, Map<String, Object> claims, Instant expiresAt) {
        var encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        Instant issuedAt = expiresAt == null || expiresAt.isAfter(Instant.now()) ? Instant.now().minusSeconds(5) : expiresAt.minusSeconds(60);
        JwtClaimsSet.Builder claimSet = JwtClaimsSet.builder().issuedAt(issuedAt);
        if (expiresAt != null) {
            claimSet.expiresAt(expiresAt);
        }
        claims.forEach(claimSet::claim);
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claimSet.build()))
                .getTokenValue();
    }

    /** An HS256 token of this exact claims JSON, for claims an encoder would not write (a {@code null}, say). */
    static String signedJson(String secret, String claimsJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
