package io.tether.infrastructure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Counts the events this node appends, {@code tether.events.appended} by event type, once the
 * transaction that appends them has committed: a rolled-back command counts nothing.
 */
@Component
class EventsAppendedMetrics implements MessageDispatchInterceptor<EventMessage<?>>, SmartInitializingSingleton {

    private final EventStore eventStore;
    private final MeterRegistry meters;

    EventsAppendedMetrics(EventStore eventStore, MeterRegistry meters) {
        this.eventStore = eventStore;
        this.meters = meters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        eventStore.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        List<String> types = messages.stream().map(message -> message.getPayloadType().getSimpleName()).toList();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count(types));
        } else {
            count(types);
        }
        return (index, message) -> message;
    }

    private void count(List<String> types) {
        types.forEach(type -> Counter.builder("tether.events.appended")
                .description("Events appended to the event store by this node, by type")
                .tag("event", type)
                .register(meters)
                .increment());
    }
}
