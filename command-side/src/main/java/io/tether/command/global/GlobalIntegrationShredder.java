package io.tether.command.global;

import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.ShredGlobalIntegrationCredentialsCommand;
import io.tether.command.credentials.PendingShreddings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Destroys a deleted global integration's key once its deletion is committed, never before, as the
 * accounts' shredder does. A failure (Vault down, or refusing) is noted in {@link PendingShreddings} and
 * retried by the processor until the shredding is recorded.
 */
@Component
@ProcessingGroup(GlobalIntegrationShredder.PROCESSING_GROUP)
class GlobalIntegrationShredder {

    static final String PROCESSING_GROUP = "global-integration-shredding";

    private final CommandGateway commands;
    private final PendingShreddings pending;

    GlobalIntegrationShredder(CommandGateway commands, PendingShreddings pending) {
        this.commands = commands;
        this.pending = pending;
    }

    @EventHandler
    void on(GlobalIntegrationDeletedEvent event) {
        try {
            commands.sendAndWait(new ShredGlobalIntegrationCredentialsCommand(event.integrationId()));
        } catch (GlobalIntegrationAlreadyShreddedException redelivered) {
            // A replay or redelivery of a deletion whose shredding is already on record.
        } catch (RuntimeException failed) {
            pending.failed(event.integrationId(), failed);
            throw failed;
        }
        pending.confirmed(event.integrationId());
    }

    @Configuration(proxyBeanMethods = false)
    static class Retrying {

        /** A shredding that fails is retried, not skipped. */
        @Autowired
        void shreddingIsRetriedUntilItSucceeds(EventProcessingConfigurer processing) {
            processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                    configuration -> PropagatingErrorHandler.instance());
        }
    }
}
