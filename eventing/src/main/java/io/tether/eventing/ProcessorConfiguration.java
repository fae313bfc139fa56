package io.tether.eventing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event processors are pooled streaming processors unless a module says otherwise, reading the event
 * store through {@link WakingEventSource} so that they see new events at once. Their segments are
 * claimed through {@code token_entry}, so several nodes share a read model's work: each segment is
 * processed by one node at a time, a stopping node releases its claims, and the claims of a node
 * that died are taken over once they time out.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorConfiguration {

    @Autowired
    void pooledStreamingProcessors(EventProcessingConfigurer processing, ProcessorProperties properties,
                                   WakingEventSource events) {
        processing.usingPooledStreamingEventProcessors((configuration, builder) -> builder
                .messageSource(events)
                .initialSegmentCount(properties.segments())
                .claimExtensionThreshold(properties.claimExtensionThresholdMillis())
                .tokenClaimInterval(Math.min(5000, properties.claimTimeout().toMillis() / 2))
                .batchSize(properties.batchSize()));
    }

    /**
     * Per processor: its committed batches are counted ({@link ProcessorCommits}, which wakes the
     * read-your-writes queries waiting for it); it reads the source through its own paced view
     * ({@link CoordinatorPacing}), woken after each of its batches; and when its handler classes all
     * send nothing, it handles its events without correlation data ({@link CorrelationDataOnlyForSenders}).
     * Tether assigns no processing group to another processor, so a group's name is its processor's; a
     * subscribing processor ignores the pooled configuration.
     */
    @Autowired
    void perProcessor(EventProcessingConfigurer processing, WakingEventSource events, ProcessorCommits commits,
                      ListableBeanFactory beans, ObjectProvider<EventProcessingConfiguration> processors) {
        handlersByGroup(beans).forEach((name, handlers) -> {
            CoordinatorPacing pacing = new CoordinatorPacing(() -> processors.getObject()
                    .eventProcessor(name, StreamingEventProcessor.class)
                    .map(processor -> processor.processingStatus().values())
                    .orElse(List.of()));
            processing.registerPooledStreamingEventProcessorConfiguration(name,
                    (configuration, builder) -> builder.messageSource(events.pacedBy(pacing)));
            commits.afterEachBatch(name, pacing::batchCommitted);
            processing.registerHandlerInterceptor(name, configuration -> commits.counting(name));
            if (CorrelationDataOnlyForSenders.sendsNothing(handlers, beans)) {
                processing.registerHandlerInterceptor(name, configuration -> CorrelationDataOnlyForSenders.MARK);
            }
        });
    }

    /** The beans of each processing group's handler classes. */
    static Map<String, List<String>> handlersByGroup(ListableBeanFactory beans) {
        return Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .collect(Collectors.groupingBy(bean -> beans.findAnnotationOnBean(bean, ProcessingGroup.class).value(),
                        TreeMap::new, Collectors.toList()));
    }

    /**
     * {@code token_entry} as Flyway creates it (snake_case: Axon's JDBC defaults are camelCase). Axon's
     * auto-configuration builds the JDBC token store on it, honouring a claim for
     * {@code axon.eventhandling.tokenstore.claim-timeout}, which the defaults file sets to
     * {@code tether.processors.claim-timeout}: the setting that decides above how often a node extends
     * its claims, so the two ends of a claim cannot drift apart.
     */
    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }
}
