package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 as problem responses. The 401 says only that a valid bearer token is needed: why a
 * token was refused (expired, bad signature, wrong algorithm) would help an attacker more than a client.
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper objectMapper;

    ProblemSecurityHandlers(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, exception instanceof OAuth2AuthenticationException
                ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, ProblemCode.UNAUTHENTICATED.exception("A valid bearer token is required."));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        write(response, ProblemCode.FORBIDDEN.exception("Your role does not allow this operation."));
    }

    private void write(HttpServletResponse response, ProblemException problem) throws IOException {
        ProblemResponses.write(response, objectMapper, problem);
    }
}
