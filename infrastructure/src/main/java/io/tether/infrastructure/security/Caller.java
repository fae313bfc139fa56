package io.tether.infrastructure.security;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as the verified bearer token (or a page session opened from a one-time link or an OpenID sign-in)
 * says: the subject, the organization it acts for (the {@code org_id} claim, never a request parameter) and its
 * roles. Controllers take it as a method parameter.
 */
public record Caller(String subject, UUID organizationId, Set<String> roles) implements Serializable {

    public static final String ORGANIZATION_CLAIM = "org_id";
    public static final String ROLES_CLAIM = "roles";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** @throws AccessDeniedException (a 403) unless the caller has one of the roles */
    public void requireAnyRole(String... roles) {
        if (!hasAnyRole(roles)) {
            throw new AccessDeniedException("Requires one of the roles " + String.join(", ", roles));
        }
    }

    public boolean hasAnyRole(String... roles) {
        for (String role : roles) {
            if (this.roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<Caller> of(Authentication authentication) {
        if (authentication instanceof CallerToken token) {
            return Optional.ofNullable(token.caller());
        }
        if (authentication instanceof JwtAuthenticationToken token) {
            return ofClaims(token.getToken());
        }
        // A browser signed in to the pages carries the caller its one-time link or OpenID sign-in was made for.
        if (authentication != null && authentication.isAuthenticated() && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /**
     * The caller a token's claims name: its subject ({@code sub}), the organization of its {@code org_id} claim, the
     * roles of its {@code roles} claim (none without one). The one rule for a bearer token and for the console's
     * OpenID sign-in (an ID token). Empty when the claims name no subject or no organization (an {@code org_id} that
     * is not a UUID): the API's token validators refuse such a token before it gets here.
     */
    public static Optional<Caller> ofClaims(ClaimAccessor claims) {
        String subject = claims.getClaimAsString(JwtClaimNames.SUB);
        String organization = claims.getClaimAsString(ORGANIZATION_CLAIM);
        if (subject == null || subject.isBlank() || organization == null) {
            return Optional.empty();
        }
        UUID organizationId;
        try {
            organizationId = UUID.fromString(organization);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
        List<String> roles = claims.hasClaim(ROLES_CLAIM) ? claims.getClaimAsStringList(ROLES_CLAIM) : List.of();
        return Optional.of(new Caller(subject, organizationId, new LinkedHashSet<>(roles)));
    }
}
