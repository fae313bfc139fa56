package io.tether.infrastructure.axon;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Event processors are pooled streaming processors unless a module says otherwise, reading the event
 * store through {@link WakingEventSource} so that they see new events at once. One segment for
 * now: its single token is stored after every batch, which read-your-writes relies on; more segments
 * come with scaling out.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorConfiguration {

    @Autowired
    void pooledStreamingProcessors(EventProcessingConfigurer processing, WakingEventSource events) {
        processing.usingPooledStreamingEventProcessors((configuration, builder) -> builder
                .messageSource(events)
                .initialSegmentCount(1)
                .batchSize(100));
    }
}
