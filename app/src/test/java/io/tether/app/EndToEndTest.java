package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tether as it runs for real: the all-in-one app on an HTTP port, with its embedded PostgreSQL in a
 * fresh data directory. Subclasses share one running application; each test works in organizations
 * of its own, so tests never see each other's accounts.
 */
@SpringBootTest(classes = TetherApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tether.security.jwt.hmac-secret=" + Tokens.SECRET,
                // Spring Boot's tests switch metric exporters off; the Prometheus endpoint is under test here.
                "management.prometheus.metrics.export.enabled=true",
                "tether.security.cors.allowed-origins=" + EndToEndTest.FRONTEND_ORIGIN,
                // Every test's requests come from 127.0.0.1: per client IP, the whole suite would count as one
                // client. ProductionSecurityTest and OAuthRateLimitTest check the IP limits in applications of their own.
                "tether.rate-limits.per-ip=1000000",
                "tether.amazon.rate-limits.auth-url-per-client=1000000",
                "tether.amazon.rate-limits.callback-per-client=1000000",
                // Notices go to receivers on loopback, and their retries come within a test.
                "tether.notices.allow-private-targets=true",
                "tether.notices.poll-interval=200ms",
                "tether.notices.retry-schedule=100ms,200ms,400ms,800ms,1s,2s,4s"})
abstract class EndToEndTest {

    /** The frontend origin the shared application allows; subclasses with other properties would need a data directory of their own. */
    static final String FRONTEND_ORIGIN = "https://app.example.com";

    private static final Path DATA_DIRECTORY = Path.of("target", "test-data", UUID.randomUUID().toString());

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void freshDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tether.data-dir", DATA_DIRECTORY::toString);
        registry.add("tether.notices.slack-api-base", SlackStandIn::apiBase);
        registry.add("tether.notices.slack-incoming-webhook-base", SlackStandIn::hooksBase);
    }

    Api newOrganization() {
        return as(UUID.randomUUID());
    }

    Api as(UUID organizationId) {
        return new Api(http, Tokens.forOrganization(organizationId));
    }

    Api as(UUID organizationId, String... roles) {
        return new Api(http, Tokens.forOrganization(organizationId, roles));
    }

    Api anonymous() {
        return new Api(http, null);
    }

    /**
     * The events that these requests caused, found by the request id each event records. Counting all
     * events would also count what other tests' background work (shredding, say) appends meanwhile.
     */
    long eventsCausedBy(Api.Response... responses) {
        return eventsCausedBy(jdbc, java.util.Arrays.asList(responses));
    }

    static long eventsCausedBy(JdbcTemplate jdbc, java.util.Collection<Api.Response> responses) {
        String[] requestIds = responses.stream().map(response -> response.header("X-Request-Id")).toArray(String[]::new);
        assertThat(requestIds).doesNotContainNull();
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry"
                + " WHERE convert_from(meta_data, 'UTF8')::jsonb ->> 'request_id' = ANY (?)", Long.class, (Object) requestIds);
    }

    static String createBody(String marketplace, String integrationType, String name, String region) {
        return """
                {"marketplace":"%s","integration_type":"%s","account_name":"%s","region":"%s"}"""
                .formatted(marketplace, integrationType, name, region);
    }

    static String adsAccount(String name) {
        return createBody("AMAZON", "ADS_API", name, "EU");
    }
}
