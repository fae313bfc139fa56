package io.tether.infrastructure.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified bearer token with the {@link Caller} its claims name, read once when the token is verified: the rate
 * limit, the handler's argument, the events' metadata and the request log line each ask for it.
 */
final class CallerToken extends JwtAuthenticationToken {

    private final Caller caller;

    private CallerToken(Jwt jwt, Collection<? extends GrantedAuthority> authorities, Caller caller) {
        super(jwt, authorities, jwt.getSubject());
        this.caller = caller;
    }

    /** The token's authorities are its roles ({@code ROLE_} and the role), its name the subject. */
    static CallerToken of(Jwt jwt) {
        List<String> roles = jwt.hasClaim(Caller.ROLES_CLAIM) ? jwt.getClaimAsStringList(Caller.ROLES_CLAIM) : List.of();
        return new CallerToken(jwt, roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList(),
                Caller.ofClaims(jwt).orElse(null));
    }

    /** Null when the claims name no caller (the API's token validators refuse such a token before it gets here). */
    Caller caller() {
        return caller;
    }
}
