package io.tether.query.admin;

import io.tether.query.QuerySideModule;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A read model's handler that fails on an event does not stop its processor: the event, and the
 * later events of the same aggregate (to keep their order), go to a dead-letter queue in PostgreSQL
 * until a platform admin retries them. Which aggregates have dead letters is cached per segment, so
 * that handling an event does not cost a query of the queue.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** The processing groups of the query side's read models: those of its handler classes. */
    static Set<String> readModels(ListableBeanFactory beans) {
        String module = QuerySideModule.class.getPackageName() + ".";
        return Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .filter(bean -> {
                    Class<?> type = beans.getType(bean);
                    return type != null && type.getPackageName().startsWith(module);
                })
                .map(bean -> beans.findAnnotationOnBean(bean, ProcessingGroup.class).value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code dead_letter_entry} as Flyway creates it (snake_case: Axon's JDBC defaults are camelCase). */
    @Bean
    static DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    @Autowired
    void deadLetterQueues(EventProcessingConfigurer processing, ListableBeanFactory beans, ConnectionProvider connections,
                          TransactionManager transactions, Serializer serializer, DeadLetterSchema schema) {
        for (String group : readModels(beans)) {
            processing.registerDeadLetterQueue(group, configuration -> JdbcSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .connectionProvider(connections)
                    .transactionManager(transactions)
                    .schema(schema)
                    .genericSerializer(serializer)
                    .eventSerializer(serializer)
                    .build());
            // Without the cache, every event asks the queue (a query) whether its aggregate has dead
            // letters; with it, a node asks only for aggregates it has not seen in the segments it holds.
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                    (configuration, builder) -> builder.enableSequenceIdentifierCache());
        }
    }
}
