package io.tether.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.IWebExchange;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The one page that says a request was refused ({@code templates/refused.html}), written by the filter chain's
 * refusals and by {@link PageErrors}; the request id is on it, for support.
 */
@Component
class RefusalPage {

    static final String TEMPLATE = "refused";

    private final ITemplateEngine templates;

    RefusalPage(ITemplateEngine templates) {
        this.templates = templates;
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
               String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        IWebExchange exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        templates.process(TEMPLATE, new WebContext(exchange, request.getLocale(), model(status, title, message)),
                response.getWriter());
    }

    static Map<String, Object> model(HttpStatus status, String title, String message) {
        return Map.of("status", status.value(), "title", title, "message", message);
    }
}
