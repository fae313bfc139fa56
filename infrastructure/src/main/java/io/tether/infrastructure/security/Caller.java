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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as the verified bearer token (or a page session opened from a one-time link) says: the subject, the organization it acts for
 * (the {@code org_id} claim, never a request parameter) and its roles. Controllers take it as a
 * method parameter.
 */
public record Caller(String subject, UUID organizationId, Set<String> roles) implements Serializable {

    public static final String ORGANIZATION_CLAIM = "org_id";
    public static final String ROLES_CLAIM = "roles";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** @throws AccessDeniedException (a 403) unless the caller has one of the roles */
    public void requireAnyRole(String... roles) {
        for (String role : roles) {
            if (this.roles.contains(role)) {
                return;
            }
        }
        throw new AccessDeniedException("Requires one of the roles " + String.join(", ", roles));
    }

    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<Caller> of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            var jwt = token.getToken();
            List<String> roles = jwt.hasClaim(ROLES_CLAIM) ? jwt.getClaimAsStringList(ROLES_CLAIM) : List.of();
            return Optional.of(new Caller(jwt.getSubject(),
                    UUID.fromString(jwt.getClaimAsString(ORGANIZATION_CLAIM)),
                    new LinkedHashSet<>(roles)));
        }
        // A browser signed in to the pages carries the caller its one-time link was minted for.
        if (authentication != null && authentication.isAuthenticated() && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }
}
