package io.tether.infrastructure.axon;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Event processors are pooled streaming processors unless a module says otherwise. One segment for
 * now: its single token is stored after every batch, which read-your-writes relies on; more segments
 * come with scaling out.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorConfiguration {

    @Autowired
    void pooledStreamingProcessors(EventProcessingConfigurer processing) {
        processing.usingPooledStreamingEventProcessors((configuration, builder) -> builder
                .initialSegmentCount(1)
                .batchSize(100));
    }
}
