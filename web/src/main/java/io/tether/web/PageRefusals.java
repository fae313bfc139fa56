package io.tether.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

/**
 * What a browser sees when the pages' filter chain refuses it: a page that says why, in words, and nothing else.
 * No session (never opened, expired, signed out): 401. A role or area that does not allow the page, or a form
 * posted without its CSRF token: 403.
 */
@Component
class PageRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final RefusalPage page;

    PageRefusals(RefusalPage page) {
        this.page = page;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        page.write(request, response, HttpStatus.UNAUTHORIZED, "Your session has ended",
                "This page needs a session, and this browser has none: it was never opened, it expired, or you "
                        + "signed out. Open a new link from the application you came from.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refused)
            throws IOException {
        if (refused instanceof CsrfException) {
            page.write(request, response, HttpStatus.FORBIDDEN, "This form has expired",
                    "The form was sent without its security token, or with an old one. Reload the page and try again.");
        } else {
            page.write(request, response, HttpStatus.FORBIDDEN, "Not allowed",
                    "Your roles do not allow this page or this action.");
        }
    }
}
