package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MetricsTest extends EndToEndTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void commands_areTimedByNameAndOutcome() {
        Api api = newOrganization();
        long successesBefore = count("CreateAccountCommand", "success");
        long rejectionsBefore = count("CreateAccountCommand", "account_name_taken");

        api.post("/integrations/accounts", adsAccount("Measured"));
        api.post("/integrations/accounts", adsAccount("Measured"));

        assertThat(count("CreateAccountCommand", "success")).isEqualTo(successesBefore + 1);
        assertThat(count("CreateAccountCommand", "account_name_taken")).isEqualTo(rejectionsBefore + 1);
    }

    @Test
    void appendedEvents_areCountedByType_onlyOnceCommitted() {
        Api api = newOrganization();
        double before = appended("AccountCreatedEvent");

        api.post("/integrations/accounts", adsAccount("Counted"));
        api.post("/integrations/accounts", adsAccount("Counted"));

        assertThat(appended("AccountCreatedEvent")).as("the refused duplicate appended nothing").isEqualTo(before + 1);
    }

    private double appended(String eventType) {
        var counter = registry.find("tether.events.appended").tag("event", eventType).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyStreamingProcessor_reportsItsLag() {
        assertThat(registry.find("tether.processor.lag").tag("processing_group", "integration-accounts").gauge()).isNotNull();
        assertThat(registry.find("tether.processor.lag").tag("processing_group", "audit-log").gauge().value())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void thePrometheusEndpoint_servesTheMetrics_toMetricsScrapersOnly() {
        Api api = newOrganization();
        api.post("/integrations/accounts", adsAccount("Scraped"));

        Api.Response scraped = as(java.util.UUID.randomUUID(), "metrics").get("/actuator/prometheus");

        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.rawBody()).contains("tether_commands_seconds_count").contains("tether_processor_lag");
        assertThat(as(java.util.UUID.randomUUID(), "admin").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void requests_areTimed_withoutSpringSecuritysOwnObservations() {
        Api api = newOrganization();
        api.get("/integrations/accounts");
        anonymous().get("/integrations/accounts");

        assertThat(registry.find("http.server.requests").tag("uri", "/integrations/accounts").tag("status", "200").timer())
                .isNotNull();
        assertThat(registry.find("http.server.requests").tag("status", "401").timer())
                .as("a refused request is timed too").isNotNull();
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    private long count(String command, String outcome) {
        var timer = registry.find("tether.commands").tag("command", command).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
