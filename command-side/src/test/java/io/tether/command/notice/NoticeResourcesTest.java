package io.tether.command.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.command.notice.NoticeResources.Stored;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.spring.stereotype.Aggregate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.ClassUtils;

/**
 * The notices processor's look-ups of the resources' stored views, on the command side's schema in a real PostgreSQL:
 * a batch reads the views of the accounts and global integrations its events are about in one query, and answers
 * exactly what a query per look-up would.
 */
class NoticeResourcesTest {

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static final List<String> statements = new ArrayList<>();
    private static NoticeResources resources;

    @BeforeAll
    static void commandSchema() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("notice-resources")).start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration/command")
                .load().migrate();
        Connection connection = postgres.getPostgresDatabase().getConnection();
        jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        resources = new NoticeResources(JdbcClient.create(counting(connection)), null, new ObjectMapper());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void nothingStored() {
        jdbc.sql("DELETE FROM notice_resources").update();
        statements.clear();
    }

    @Test
    void aBatch_readsTheViewsOfTheResourcesItsEventsAreAbout_inOneQuery() {
        UUID connected = stored("CONNECTED");
        UUID failing = stored("ERROR");
        UUID integration = stored(null);
        UUID created = UUID.randomUUID();
        List<EventMessage<?>> batch = List.of(
                event("IntegrationAccount", created),
                event("IntegrationAccount", connected),
                event("CredentialReads", UUID.randomUUID()),
                event("IntegrationAccount", failing),
                event("GlobalIntegration", integration),
                GenericEventMessage.asEventMessage("not an aggregate's"));

        Map<UUID, Optional<Stored<Map>>> found = new LinkedHashMap<>();
        inBatch(batch, () -> {
            // as the processor does: each event's handler, in turn, looks up the resource its event is about
            if (CurrentUnitOfWork.get().getMessage() instanceof DomainEventMessage<?> event
                    && !event.getType().equals("CredentialReads")) {
                UUID resource = UUID.fromString(event.getAggregateIdentifier());
                found.put(resource, resources.find(resource, Map.class));
            }
            return null;
        });

        assertThat(found.keySet()).containsExactly(created, connected, failing, integration);
        assertThat(found.values()).extracting(view -> view.map(Stored::settledStatus).orElse("none"))
                .containsExactly("none", "CONNECTED", "ERROR", "none");
        assertThat(found.get(connected)).get().extracting(Stored::view).isEqualTo(Map.of("id", connected.toString()));
        assertThat(found.get(integration)).get().extracting(Stored::view).isEqualTo(Map.of("id", integration.toString()));
        assertThat(statements).as("one query for the batch's four resources, none of the other stream's")
                .singleElement().asString().contains("ANY");
    }

    @Test
    void aResourceNoneOfTheBatchsEventsIsAbout_isLookedUpOnItsOwn() {
        UUID elsewhere = stored("CONNECTED");
        UUID connected = stored("CONNECTED");

        List<Optional<Stored<Map>>> found = inBatch(List.of(event("IntegrationAccount", connected)),
                () -> List.of(resources.find(connected, Map.class), resources.find(elsewhere, Map.class)));

        assertThat(found).allSatisfy(view -> assertThat(view).isPresent());
        assertThat(statements).as("the batch's resources, then the other on its own").hasSize(2);
        assertThat(statements.get(0)).contains("ANY");
        assertThat(statements.get(1)).contains("resource_id = ?");
    }

    @Test
    void theTypesReadAhead_areTheTypesOfAggregatesOfTheCommandSide_soThatARenameCannotQuietlyEndTheReadAhead() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Aggregate.class));
        Set<String> aggregateTypes = new HashSet<>();
        for (BeanDefinition aggregate : scan.findCandidateComponents("io.tether.command")) {
            AnnotationMetadata metadata = ((AnnotatedBeanDefinition) aggregate).getMetadata();
            String type = (String) metadata.getAnnotationAttributes(Aggregate.class.getName()).get("type");
            aggregateTypes.add(type.isEmpty() ? ClassUtils.getShortName(metadata.getClassName()) : type);
        }

        assertThat(aggregateTypes).containsAll(NoticeResources.READ_AHEAD_TYPES);
    }

    @Test
    void outsideABatch_eachLookUpIsAQuery() {
        UUID connected = stored("CONNECTED");

        Optional<Stored<Map>> found = new DefaultUnitOfWork<>(null).executeWithResult(
                () -> resources.find(connected, Map.class)).getPayload();

        assertThat(found).get().extracting(Stored::settledStatus).isEqualTo("CONNECTED");
        assertThat(resources.find(UUID.randomUUID(), Map.class)).isEmpty();
        assertThat(statements).hasSize(2).allSatisfy(sql -> assertThat(sql).contains("resource_id = ?"));
    }

    /** Runs {@code handling} once per message of the batch, as Axon's batching unit of work does; answers the last result. */
    private static <R> R inBatch(List<EventMessage<?>> messages, Supplier<R> handling) {
        return new BatchingUnitOfWork<>(messages).executeWithResult(handling::get).getPayload();
    }

    private static EventMessage<?> event(String aggregateType, UUID aggregate) {
        return new GenericDomainEventMessage<>(aggregateType, aggregate.toString(), 0, "payload");
    }

    private static UUID stored(String settledStatus) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO notice_resources (resource_id, view, settled_status) VALUES (?, ?, ?)")
                .params(id, "{\"id\":\"" + id + "\"}", settledStatus)
                .update();
        return id;
    }

    /** A data source on the connection that notes the SQL of each statement prepared on it. */
    private static DataSource counting(Connection connection) {
        InvocationHandler noting = (proxy, method, arguments) -> {
            if (method.getName().equals("prepareStatement")) {
                statements.add((String) arguments[0]);
            }
            if (method.getName().equals("close")) {
                return null;
            }
            return method.invoke(connection, arguments);
        };
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, noting);
        return new SingleConnectionDataSource(proxy, true);
    }
}
