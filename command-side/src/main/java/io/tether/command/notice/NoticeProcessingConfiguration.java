package io.tether.command.notice;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NoticeProcessingConfiguration {

    /** A batch whose notices cannot be written (the database is gone) is handled again, not skipped: no notice is lost. */
    @Autowired
    void noticesAreRetriedUntilWritten(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(NoticeProjection.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
