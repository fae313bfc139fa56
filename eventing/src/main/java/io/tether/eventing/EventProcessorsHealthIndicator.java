package io.tether.eventing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The event processors of this node: each one's position, lag behind the event store's head, and
 * errors. Down while a processor is in error or more than {@code tether.health.max-processor-lag}
 * events behind, so that a node still catching up is not ready for traffic.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final HealthProperties properties;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing, JdbcClient jdbc, HealthProperties properties) {
        super("Event processor health check failed");
        this.processing = processing;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long head = jdbc.sql("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        boolean healthy = true;
        Map<String, Object> processors = new LinkedHashMap<>();
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor streaming)) {
                continue;
            }
            Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
            long position = segments.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
            boolean inError = segments.values().stream().anyMatch(EventTrackerStatus::isErrorState) || streaming.isError();
            long lag = Math.max(0, head - position);
            healthy &= !inError && streaming.isRunning() && lag <= properties.maxProcessorLag();
            processors.put(entry.getKey(), Map.of(
                    "running", streaming.isRunning(),
                    "segments", segments.size(),
                    "position", position,
                    "lag", lag,
                    "error", inError));
        }
        builder.status(healthy ? "UP" : "DOWN").withDetail("head", head).withDetail("processors", processors);
    }

    @ConfigurationProperties("tether.health")
    record HealthProperties(@DefaultValue("1000") long maxProcessorLag) {
    }
}
