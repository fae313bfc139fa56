package io.tether.infrastructure.axon;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Adds the command's name, and the caller and HTTP request it came from, to the command's metadata. */
@Component
class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    private static final int MAX_USER_AGENT_LENGTH = 256;

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Map<String, Object> metadata = currentRequestMetadata();
        return (index, command) -> command.andMetaData(metadata)
                .andMetaData(Map.of(AuditMetadata.COMMAND, command.getPayloadType().getSimpleName()));
    }

    private static Map<String, Object> currentRequestMetadata() {
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
        }
        return metadata;
    }
}
