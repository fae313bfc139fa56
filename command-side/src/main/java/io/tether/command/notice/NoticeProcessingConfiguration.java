package io.tether.command.notice;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.serialization.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NoticeProcessingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NoticeProcessingConfiguration.class);

    /**
     * A batch whose notices cannot be written (the database is gone) is handled again, not skipped: no
     * notice is lost. Only an event that cannot be read at all (a payload no class of this version can
     * hold) is skipped, with an error in the log: handling it again would stop every later notice, and the
     * read models keep such an event in their dead-letter queues for an operator.
     */
    @Autowired
    void noticesAreRetriedUntilWritten(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(NoticeProjection.PROCESSING_GROUP,
                configuration -> unreadableEventsSkipped());
    }

    static ListenerInvocationErrorHandler unreadableEventsSkipped() {
        return (exception, event, handler) -> {
            if (!isUnreadable(exception)) {
                throw exception;
            }
            log.error("No notice for event {}: it cannot be read", event.getIdentifier(), exception);
        };
    }

    private static boolean isUnreadable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }
}
