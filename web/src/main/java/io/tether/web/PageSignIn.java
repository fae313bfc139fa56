package io.tether.web;

import io.tether.infrastructure.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a browser in to an area once its one-time link or token has been checked: a new session id (no session
 * fixation), the caller in the session's security context. The one way pages sign in; what checks the link is the
 * area's own.
 */
@Component
public class PageSignIn {

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    public void signIn(Caller caller, PageArea area, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new PageAuthentication(caller, area));
        contexts.setContext(context);
        repository.saveContext(context, request, response);
    }
}
