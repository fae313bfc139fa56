package io.tether.web;

import io.tether.infrastructure.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A browser signed in to one area of pages, for one caller: the same subject, organization and roles a bearer
 * token carries, so the pages call the application services as the REST API does ({@link Caller#current()}).
 * Kept in the page session (PostgreSQL), hence serializable; it holds no secret.
 */
public final class PageAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final Caller caller;
    private final PageArea area;

    public PageAuthentication(Caller caller, PageArea area) {
        super(authorities(caller, area));
        this.caller = caller;
        this.area = area;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Caller caller, PageArea area) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(area.authority()));
        caller.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return authorities;
    }

    public PageArea area() {
        return area;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return caller.subject();
    }
}
