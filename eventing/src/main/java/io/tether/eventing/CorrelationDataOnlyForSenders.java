package io.tether.eventing;

import java.util.List;
import java.util.Map;
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
 * So the processors whose handler classes all carry {@link SendsNoMessages} mark their units of work
 * ({@link #MARK}, registered in ProcessorConfiguration), and Tether's correlation data providers answer
 * nothing inside a marked unit of work (only that one: a subscribing processor's unit of work is nested
 * in the command's, whose later events keep theirs).
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

    /** Whether these handler classes (a processing group's, see ProcessorConfiguration) all send nothing. */
    static boolean sendsNothing(List<String> handlerBeans, ListableBeanFactory beans) {
        return !handlerBeans.isEmpty()
                && handlerBeans.stream().allMatch(bean -> beans.findAnnotationOnBean(bean, SendsNoMessages.class) != null);
    }

    private static boolean sendsNothing() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(SENDS_NOTHING);
    }
}
