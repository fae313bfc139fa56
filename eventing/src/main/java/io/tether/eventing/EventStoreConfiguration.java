package io.tether.eventing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tether.api.AuditMetadata;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.time.ZoneOffset;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * Events, snapshots, tokens and metadata are stored as JSON. The mapper is Axon's alone: the REST
     * API's naming (snake_case) must never change what is already in the event store. Unknown
     * properties are tolerated so that an older reader can read a newer event. Each stored type's class is looked up
     * once ({@link KnownClassesJacksonSerializer}).
     */
    @Bean
    @Primary
    Serializer serializer() {
        ObjectMapper storageMapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return new KnownClassesJacksonSerializer(JacksonSerializer.builder().objectMapper(storageMapper));
    }

    /**
     * The names of Axon's event tables as Flyway creates them (snake_case: Axon's JDBC defaults are
     * camelCase).
     */
    @Bean
    EventSchema eventSchema() {
        return tetherEventSchema();
    }

    static EventSchema tetherEventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * A duplicate (aggregate, sequence) is a lost race for the aggregate: PostgreSQL's unique_violation
     * (SQLState 23505), which Axon then reports as a concurrency conflict that the gateway retries.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /**
     * Axon's JDBC storage engine: events are written and read with plain JDBC statements in the
     * Spring transaction of the unit of work (no ORM entity per event), each event's insert moving its stream's
     * chain head in the same statement ({@link ChainedAppends}). {@code global_index} comes
     * from its column's default, the sequence that hands out one value at a time.
     *
     * <p>It joins the caller's transaction (a command's, the snapshotter's) but opens none of its own:
     * what it does outside one is a single SELECT (the store's producer looking for new events after
     * every local commit, a processor's token), on a connection of its own from the pool, which needs
     * no BEGIN and COMMIT around it. Every append happens inside a command's transaction: events are
     * published by command handlers only. (A Spring transaction that merely "supports" one would not
     * do: Axon never completes such an empty transaction, which leaves its connection bound to the
     * thread, and a connection the database closed stays bound too.) It reads the events after a token with
     * {@link NextEvents}' queries: one query per look, also when there is nothing new.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, EventSchema eventSchema,
                                          EventStorePositions positions, EventAnnouncements announcements) {
        return new PositionNotingStorageEngine(PositionNotingStorageEngine.gapHandling(NextEvents.readWith(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(NoTransactionManager.instance())
                .schema(eventSchema))), positions, announcements::look);
    }

    /**
     * A command dispatched on a thread makes what that thread appended before no answer for the command's position
     * ({@link EventStorePositions}). The command bus is looked up once every singleton exists, as the bus is built by
     * Axon's configuration, which itself needs the event store.
     */
    @Bean
    SmartInitializingSingleton positionsForgottenOnDispatch(ObjectProvider<CommandBus> commandBus,
                                                            EventStorePositions positions) {
        MessageDispatchInterceptor<CommandMessage<?>> forgetting = commands -> {
            positions.forgetAppended();
            return (index, command) -> command;
        };
        return () -> commandBus.getObject().registerDispatchInterceptor(forgetting);
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, but for how long its producer
     * waits before it looks for events again: the poll interval, the safety net behind other nodes'
     * announcements ({@link EventNotifications}); for when it looks after a local commit or an
     * announcement: when the processors are called back ({@link GatheredFetchEventStore}); and for how many
     * events it keeps for the processors to share ({@link EventStreamProperties#cachedEvents()}).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  EventStreamProperties properties) {
        return new GatheredFetchEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.pollInterval().toMillis())
                .cachedEvents(properties.cachedEvents()));
    }

    /**
     * Axon's default, kept: correlation and trace ids flow from each command into its events (not
     * computed for the processors that send nothing, see {@link CorrelationDataOnlyForSenders}).
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return CorrelationDataOnlyForSenders.onlyForSenders(new MessageOriginProvider());
    }

    /** Who, for which organization and from where, copied from each command into its events (and on, as above). */
    @Bean
    CorrelationDataProvider auditMetadataProvider() {
        return CorrelationDataOnlyForSenders.onlyForSenders(new SimpleCorrelationDataProvider(AuditMetadata.keys()));
    }

}
