package io.tether.infrastructure.web;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Map;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is calling and from where, for the current HTTP request, keyed as {@link AuditMetadata} names it; for a page
 * that acts for an end user ({@link EndUser} in its session), that end user too.
 */
public final class RequestMetadata {

    private static final int MAX_USER_AGENT_LENGTH = 256;

    private RequestMetadata() {
    }

    public static Map<String, Object> current() {
        Map<String, Object> metadata = new HashMap<>();
        Caller.current().ifPresent(caller -> {
            metadata.put(AuditMetadata.ACTOR, caller.subject());
            metadata.put(AuditMetadata.ORGANIZATION_ID, caller.organizationId().toString());
            metadata.put(AuditMetadata.ROLES, String.join(",", caller.roles()));
        });
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            metadata.put(AuditMetadata.CLIENT_IP, request.getRemoteAddr());
            Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE);
            if (requestId != null) {
                metadata.put(AuditMetadata.REQUEST_ID, requestId.toString());
            }
            String userAgent = request.getHeader("User-Agent");
            if (userAgent != null) {
                metadata.put(AuditMetadata.USER_AGENT, userAgent.length() > MAX_USER_AGENT_LENGTH
                        ? userAgent.substring(0, MAX_USER_AGENT_LENGTH) : userAgent);
            }
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(EndUser.SESSION_ATTRIBUTE) instanceof EndUser endUser) {
                metadata.put(AuditMetadata.END_USER_ID, endUser.id());
                if (endUser.displayName() != null) {
                    metadata.put(AuditMetadata.END_USER_NAME, endUser.displayName());
                }
            }
        }
        return metadata;
    }
}
