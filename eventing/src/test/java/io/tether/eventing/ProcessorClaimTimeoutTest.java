package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The token store (Axon's auto-configured one, its claim time-out mapped by the defaults file) honours
 * a claim for {@code tether.processors.claim-timeout}, the setting the processors extend their claims by: a node's claim older than that is taken over, a younger one is not.
 * (Axon's own default is also 10 s, so the test uses another value.)
 */
class ProcessorClaimTimeoutTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static TokenStore tokenStore;

    @BeforeAll
    static void tokenStoreOnTheEventStoreSchema() throws Exception {
        Path directory = Files.createTempDirectory("claim-timeout");
        postgres = EmbeddedPostgres.builder().setDataDirectory(directory).start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/eventstore").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        ConnectionProvider connections = new DataSourceConnectionProvider(dataSource);
        tokenStore = tokenStoreAsTetherConfiguresIt(connections, CLAIM_TIMEOUT);
    }

    /**
     * Axon's auto-configured token store on Tether's schema, with Axon's claim time-out bound from the
     * defaults file and {@code tether.processors.claim-timeout}, as in a running node.
     */
    static TokenStore tokenStoreAsTetherConfiguresIt(ConnectionProvider connections, Duration claimTimeout) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("node",
                Map.of("tether.processors.claim-timeout", claimTimeout.toMillis() + "ms")));
        new YamlPropertySourceLoader().load("tether-defaults", new ClassPathResource("tether-defaults.yml"))
                .forEach(environment.getPropertySources()::addLast);
        TokenStoreProperties properties = Binder.get(environment)
                .bind("axon.eventhandling.tokenstore", TokenStoreProperties.class).get();
        return new JdbcAutoConfiguration(properties)
                .tokenStore(connections, JacksonSerializer.defaultSerializer(), new ProcessorConfiguration().tokenSchema());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aClaimOlderThanTheClaimTimeout_isTakenOver() {
        claimedBy("crashed-node", "old", Instant.now().minus(CLAIM_TIMEOUT).minusSeconds(1));

        assertThat(tokenStore.fetchToken("old", 0)).isEqualTo(new GlobalSequenceTrackingToken(7));
        assertThat(jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = 'old'", String.class))
                .isNotEqualTo("crashed-node");
    }

    @Test
    void aClaimYoungerThanTheClaimTimeout_isHonoured() {
        claimedBy("live-node", "young", Instant.now().minus(CLAIM_TIMEOUT).plusSeconds(2));

        assertThatThrownBy(() -> tokenStore.fetchToken("young", 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    private static void claimedBy(String owner, String processor, Instant at) {
        byte[] token = JacksonSerializer.defaultSerializer()
                .serialize(new GlobalSequenceTrackingToken(7), byte[].class).getData();
        jdbc.update("INSERT INTO token_entry (processor_name, segment, owner, timestamp, token, token_type) VALUES (?, 0, ?, ?, ?, ?)",
                processor, owner, at.toString(), token, GlobalSequenceTrackingToken.class.getName());
    }
}
