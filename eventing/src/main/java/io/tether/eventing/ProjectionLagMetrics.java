package io.tether.eventing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code tether.processor.lag}: how many events each streaming processor of this node is behind the
 * event store's head, per processing group.
 */
@Component
class ProjectionLagMetrics implements SmartInitializingSingleton {

    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final JdbcClient jdbc;

    ProjectionLagMetrics(EventProcessingConfiguration processing, MeterRegistry registry, JdbcClient jdbc) {
        this.processing = processing;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("tether.processor.lag", () -> lag(streaming))
                        .description("Events between the event store's head and the processor's position")
                        .tag("processing_group", name)
                        .register(registry);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        long head = jdbc.sql("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        long position = processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1))
                .min().orElse(-1);
        return Math.max(0, head - position);
    }
}
