package io.tether.eventing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * {@code tether.processor.lag}: how many events each streaming processor of this node is behind the
 * event store's head, per processing group, over the segments this node answers for ({@link ProcessorLag}):
 * 0 on a node whose processor stands by while another node holds every segment.
 */
@Component
class ProjectionLagMetrics implements SmartInitializingSingleton {

    /** How long one measurement answers the gauges. */
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final ProcessorLag lag;
    private volatile Measured last;

    ProjectionLagMetrics(EventProcessingConfiguration processing, MeterRegistry registry, ProcessorLag lag) {
        this.processing = processing;
        this.registry = registry;
        this.lag = lag;
    }

    @Override
    public void afterSingletonsInstantiated() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                Gauge.builder("tether.processor.lag", () -> {
                            ProcessorLag.Lag current = lags().processors().get(name);
                            return current == null ? Double.NaN : current.lag();
                        })
                        .description("Events between the event store's head and the processor's position on this node")
                        .tag("processing_group", name)
                        .register(registry);
            }
        });
    }

    /**
     * One measurement for all of a scrape's gauges (they are read one after another), not one per processing group:
     * each measurement reads the head and every stored token.
     */
    private ProcessorLag.Lags lags() {
        Measured measured = last;
        long now = System.nanoTime();
        if (measured == null || now - measured.at() > FRESH.toNanos()) {
            measured = new Measured(now, lag.all());
            last = measured;
        }
        return measured.lags();
    }

    private record Measured(long at, ProcessorLag.Lags lags) {
    }
}
