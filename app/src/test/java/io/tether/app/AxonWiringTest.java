package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Component;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The places where Tether replaces a part of Axon for its cost (docs/benchmarks.md, seventeenth to nineteenth
 * sessions): each aggregate's command handler finds its target through Tether's {@code CommandTargets}, Axon's
 * messages are named by Tether's {@code RandomIdentifiers}, and the event store keeps {@code
 * tether.event-stream.cached-events} events for the processors, not Axon's 10,000. Each is wired by configuration
 * alone (a bean, a service-loader file, a builder option), which nothing else would notice missing: Axon's own parts
 * and defaults would answer in their place.
 */
class AxonWiringTest extends EndToEndTest {

    @Autowired
    Configuration axon;

    @Autowired
    EmbeddedEventStore eventStore;

    @Test
    void everyAggregatesCommandHandler_findsItsTargetThroughCommandTargets() {
        List<AggregateConfigurer> aggregates = axon.findModules(AggregateConfigurer.class);
        assertThat(aggregates).isNotEmpty().allSatisfy(aggregate -> {
            Component<?> handler = (Component<?>) ReflectionTestUtils.getField(aggregate, "commandHandler");
            Object resolver = ReflectionTestUtils.getField(handler.get(), "commandTargetResolver");
            assertThat(resolver.getClass().getName())
                    .as("the command target resolver of %s", aggregate.aggregateType().getSimpleName())
                    .isEqualTo("io.tether.eventing.CommandTargets");
        });
    }

    @Test
    void axonsMessageIdentifiers_comeFromRandomIdentifiers() {
        assertThat(IdentifierFactory.getInstance().getClass().getName())
                .isEqualTo("io.tether.eventing.RandomIdentifiers");
    }

    @Test
    void theEventStoresProducer_keepsTheConfiguredNumberOfEvents() {
        Object producer = ReflectionTestUtils.getField(eventStore, "producer");
        assertThat(ReflectionTestUtils.getField(producer, "cachedEvents")).isEqualTo(1024);
    }
}
