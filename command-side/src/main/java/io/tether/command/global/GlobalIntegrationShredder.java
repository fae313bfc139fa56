package io.tether.command.global;

import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_ALREADY_SHREDDED;

import io.tether.api.global.GlobalIntegrationDeletedEvent;
import io.tether.api.global.ShredGlobalIntegrationCredentialsCommand;
import io.tether.api.problem.ProblemException;
import io.tether.command.credentials.OwnerShredder;
import io.tether.command.credentials.ShreddingResult;
import io.tether.command.credentials.ShreddingRetries;
import java.util.UUID;
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
 * accounts' shredder does. A shredding the key store does not confirm is left pending and retried by
 * {@link ShreddingRetries}; any other failure (the database) is retried by the processor.
 */
@Component
@ProcessingGroup(GlobalIntegrationShredder.PROCESSING_GROUP)
class GlobalIntegrationShredder implements OwnerShredder {

    static final String PROCESSING_GROUP = "global-integration-shredding";

    private final CommandGateway commands;
    private final ShreddingRetries retries;

    GlobalIntegrationShredder(CommandGateway commands, ShreddingRetries retries) {
        this.commands = commands;
        this.retries = retries;
    }

    @EventHandler
    void on(GlobalIntegrationDeletedEvent event) {
        retries.settle(this, event.integrationId());
    }

    @Override
    public String kind() {
        return "global_integration";
    }

    @Override
    public ShreddingResult shred(UUID integrationId) {
        try {
            return commands.sendAndWait(new ShredGlobalIntegrationCredentialsCommand(integrationId));
        } catch (ProblemException refused) {
            if (!refused.is(GLOBAL_INTEGRATION_ALREADY_SHREDDED)) {
                throw refused;
            }
            // A replay or redelivery of a deletion whose shredding is already on record.
            return ShreddingResult.SHREDDED;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Retrying {

        /** A shredding that fails (other than unconfirmed by the key store) is retried, not skipped. */
        @Autowired
        void shreddingIsRetriedUntilItSucceeds(EventProcessingConfigurer processing) {
            processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                    configuration -> PropagatingErrorHandler.instance());
        }
    }
}
