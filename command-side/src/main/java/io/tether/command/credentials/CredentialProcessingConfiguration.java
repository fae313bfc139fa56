package io.tether.command.credentials;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialProcessingConfiguration {

    /** The current-credentials table changes in the command's own transaction, or not at all. */
    @Autowired
    void currentCredentialsInTheCommandsTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(CurrentCredentialsProjection.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(CurrentCredentialsProjection.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }

    /** A shredding that fails (Vault unreachable) is retried, not skipped. */
    @Autowired
    void shreddingIsRetriedUntilItSucceeds(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(CredentialShredder.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
