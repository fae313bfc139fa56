package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401, 403 and 503 as problem responses. The 401 says only that a valid bearer token is needed: why a
 * token was refused (expired, bad signature, wrong algorithm) would help an attacker more than a client.
 * A token whose keys Tether cannot get from the identity provider (down, hanging, not yet reached) is a
 * 503 {@code identity_provider_unavailable} with a {@code Retry-After}: the token may well be valid.
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    private final ObjectMapper objectMapper;
    private final JwtProperties jwt;

    ProblemSecurityHandlers(ObjectMapper objectMapper, JwtProperties jwt) {
        this.objectMapper = objectMapper;
        this.jwt = jwt;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        if (exception instanceof AuthenticationServiceException && causedBy(exception, KeySourceException.class)) {
            log.warn("The identity provider's keys are unavailable: {}", rootMessage(exception));
            write(response, ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE
                    .exception("The identity provider's keys cannot be fetched now; try again later.")
                    .retryAfter(Math.max(1, jwt.keySet().minFetchInterval().toSeconds())));
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, exception instanceof OAuth2AuthenticationException
                ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, ProblemCode.UNAUTHENTICATED.exception("A valid bearer token is required."));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        write(response, ProblemCode.FORBIDDEN.exception("Your role does not allow this operation."));
    }

    private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private void write(HttpServletResponse response, ProblemException problem) throws IOException {
        ProblemResponses.write(response, objectMapper, problem);
    }
}
