package io.tether.infrastructure.axon;

import java.util.Arrays;
import java.util.Map;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Correlation data (the caller's audit metadata, the correlation and trace ids) is what the messages a
 * handler sends inherit from the message it handles. Axon computes it for every event a processor
 * handles, also where nothing is sent (it becomes the metadata of a result message that nobody reads),
 * and computing it deserializes the event's metadata: a third of a read model's work in a replay.
 * <p>
 * So the processors whose handler classes all carry {@link SendsNoMessages} mark their units of work,
 * and Tether's correlation data providers answer nothing inside a marked unit of work (only that one: a
 * subscribing processor's unit of work is nested in the command's, whose later events keep theirs).
 * Everywhere else (commands, the processors that send commands) they answer as before.
 */
final class CorrelationDataOnlyForSenders {

    private static final String SENDS_NOTHING = CorrelationDataOnlyForSenders.class.getName() + ".sendsNothing";

    static final MessageHandlerInterceptor<EventMessage<?>> MARK = (unitOfWork, chain) -> {
        unitOfWork.resources().put(SENDS_NOTHING, Boolean.TRUE);
        return chain.proceed();
    };

    private CorrelationDataOnlyForSenders() {
    }

    /** The provider, answering nothing while a processor that sends nothing handles an event. */
    static CorrelationDataProvider onlyForSenders(CorrelationDataProvider provider) {
        return new CorrelationDataProvider() {
            @Override
            public Map<String, ?> correlationDataFor(Message<?> message) {
                return sendsNothing() ? Map.of() : provider.correlationDataFor(message);
            }

            @Override
            public String toString() {
                return provider + " (not for processors that send nothing)";
            }
        };
    }

    /**
     * Marks the units of work of each processor whose handler classes all carry {@link SendsNoMessages}.
     * Tether assigns no processing group to another processor, so a processor's name is its group's.
     */
    static void markProcessorsThatSendNothing(EventProcessingConfigurer processing, ListableBeanFactory beans) {
        processing.registerDefaultHandlerInterceptor((configuration, processorName) ->
                sendsNothing(processorName, beans) ? MARK : null);
    }

    static boolean sendsNothing(String processingGroup, ListableBeanFactory beans) {
        String[] handlers = Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .filter(name -> processingGroup.equals(beans.findAnnotationOnBean(name, ProcessingGroup.class).value()))
                .toArray(String[]::new);
        return handlers.length > 0
                && Arrays.stream(handlers).allMatch(name -> beans.findAnnotationOnBean(name, SendsNoMessages.class) != null);
    }

    private static boolean sendsNothing() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(SENDS_NOTHING);
    }
}
