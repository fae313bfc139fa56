package io.tether.infrastructure.axon;

import io.tether.api.AuditMetadata;
import io.tether.infrastructure.web.RequestMetadata;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;

/** Adds the command's name, and the caller and HTTP request it came from, to the command's metadata. */
@Component
class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Map<String, Object> metadata = RequestMetadata.current();
        return (index, command) -> command.andMetaData(metadata)
                .andMetaData(Map.of(AuditMetadata.COMMAND, command.getPayloadType().getSimpleName()));
    }
}
