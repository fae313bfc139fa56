package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Component;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The two places where Tether replaces a part of Axon for its cost (docs/benchmarks.md, seventeenth and eighteenth
 * sessions): each aggregate's command handler finds its target through Tether's {@code CommandTargets}, and Axon's
 * messages are named by Tether's {@code RandomIdentifiers}. Both are wired by configuration alone (a bean, a
 * service-loader file), which nothing else would notice missing: Axon's own parts would answer in their place.
 */
class AxonWiringTest extends EndToEndTest {

    @Autowired
    Configuration axon;

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
}
