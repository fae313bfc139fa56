package io.tether.eventing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The event processors of this node: each one's position, lag behind the event store's head, and
 * errors. Down while a processor is in error or more than {@code tether.health.max-processor-lag}
 * events behind, so that a node still catching up is not ready for traffic. The lag counts the
 * segments this node answers for ({@link ProcessorLag}): a node standing by while another holds a
 * processor's segments is ready, and so is a node that has restarted and not yet claimed segments
 * whose stored tokens are at the head.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final ProcessorLag lag;
    private final HealthProperties properties;

    EventProcessorsHealthIndicator(ProcessorLag lag, HealthProperties properties) {
        super("Event processor health check failed");
        this.lag = lag;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = true;
        Map<String, Object> processors = new LinkedHashMap<>();
        ProcessorLag.Lags lags = lag.all();
        for (var entry : lags.processors().entrySet()) {
            ProcessorLag.Lag processor = entry.getValue();
            healthy &= !processor.inError() && processor.running() && processor.lag() <= properties.maxProcessorLag();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.running());
            details.put("segments", processor.segmentsHere());
            details.put("segments_elsewhere", processor.segmentsElsewhere());
            if (processor.position() != null) {
                details.put("position", processor.position());
            }
            details.put("lag", processor.lag());
            details.put("error", processor.inError());
            processors.put(entry.getKey(), details);
        }
        builder.status(healthy ? "UP" : "DOWN").withDetail("head", lags.head()).withDetail("processors", processors);
    }

    @ConfigurationProperties("tether.health")
    record HealthProperties(@DefaultValue("1000") long maxProcessorLag) {
    }
}
