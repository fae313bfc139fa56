package io.tether.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** One rule reads the caller from a bearer token's claims and from an ID token's (the console's OpenID sign-in). */
class CallerTest {

    private static final UUID ORGANIZATION = UUID.randomUUID();

    @Test
    void aBearerToken_andAnIdTokenWithTheSameClaims_nameTheSameCaller() {
        Map<String, Object> claims = Map.of("sub", "carol", "org_id", ORGANIZATION.toString(), "roles", List.of("auditor", "viewer"));
        Jwt bearer = Jwt.withTokenValue("bearer").header("alg", "RS256").claims(all -> all.putAll(claims)).build();
        OidcIdToken idToken = new OidcIdToken("id", Instant.now(), Instant.now().plusSeconds(60), claims);

        Optional<Caller> fromBearer = Caller.of(new JwtAuthenticationToken(bearer));

        assertThat(fromBearer).contains(new Caller("carol", ORGANIZATION, java.util.Set.of("auditor", "viewer")));
        assertThat(Caller.ofClaims(idToken)).isEqualTo(fromBearer);
    }

    @Test
    void aVerifiedBearerToken_carriesTheCallerItsClaimsName_readOnce_withItsRolesAsAuthorities() {
        Jwt bearer = Jwt.withTokenValue("bearer").header("alg", "RS256")
                .claims(all -> all.putAll(Map.of("sub", "wendy", "org_id", ORGANIZATION.toString(), "roles", List.of("service"))))
                .build();

        CallerToken token = CallerToken.of(bearer);

        assertThat(Caller.of(token)).containsSame(token.caller());
        assertThat(Caller.of(token)).containsSame(Caller.of(token).orElseThrow());
        assertThat(token.caller()).isEqualTo(new Caller("wendy", ORGANIZATION, java.util.Set.of("service")));
        assertThat(token.getName()).isEqualTo("wendy");
        assertThat(token.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_service");
        assertThat(Caller.of(CallerToken.of(Jwt.withTokenValue("bearer").header("alg", "RS256").claim("sub", "nobody").build())))
                .as("claims that name no organization").isEmpty();
    }

    @Test
    void claimsWithoutASubjectOrAnOrganization_nameNoCaller() {
        assertThat(Caller.ofClaims(idToken(Map.of("sub", "stan")))).isEmpty();
        assertThat(Caller.ofClaims(idToken(Map.of("sub", "stan", "org_id", "acme")))).isEmpty();
        assertThat(Caller.ofClaims(idToken(Map.of("sub", " ", "org_id", ORGANIZATION.toString())))).isEmpty();
    }

    @Test
    void claimsWithoutRoles_nameACallerWithNone() {
        Optional<Caller> caller = Caller.ofClaims(idToken(Map.of("sub", "otto", "org_id", ORGANIZATION.toString())));

        assertThat(caller).hasValueSatisfying(found -> {
            assertThat(found.roles()).isEmpty();
            assertThat(found.hasAnyRole(Roles.MEMBERS)).isFalse();
        });
    }

    private static OidcIdToken idToken(Map<String, Object> claims) {
        return new OidcIdToken("id", Instant.now(), Instant.now().plusSeconds(60), claims);
    }
}
