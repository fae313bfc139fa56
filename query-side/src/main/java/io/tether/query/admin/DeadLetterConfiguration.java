package io.tether.query.admin;

import java.util.List;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * A read model's handler that fails on an event does not stop its processor: the event, and the
 * later events of the same aggregate (to keep their order), go to a dead-letter queue in PostgreSQL
 * until a platform admin retries them. Which aggregates have dead letters is cached per segment, so
 * that handling an event does not cost a query of the queue.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** The processing groups of the read models (see each projection's {@code PROCESSING_GROUP}). */
    static final List<String> READ_MODELS = List.of(
            "integration-accounts", "audit-log", "global-integrations", "tools");

    @Autowired
    void deadLetterQueues(EventProcessingConfigurer processing, EntityManagerProvider entityManagers,
                          TransactionManager transactions, Serializer serializer) {
        for (String group : READ_MODELS) {
            processing.registerDeadLetterQueue(group, configuration -> JpaSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .entityManagerProvider(entityManagers)
                    .transactionManager(transactions)
                    .serializer(serializer)
                    .build());
            // Without the cache, every event asks the queue (a query) whether its aggregate has dead
            // letters; with it, a node asks only for aggregates it has not seen in the segments it holds.
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                    (configuration, builder) -> builder.enableSequenceIdentifierCache());
        }
    }
}
