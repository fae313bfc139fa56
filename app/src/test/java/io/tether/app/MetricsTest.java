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
        long rejectionsBefore = count("CreateAccountCommand", "AccountNameTakenException");

        api.post("/integrations/accounts", adsAccount("Measured"));
        api.post("/integrations/accounts", adsAccount("Measured"));

        assertThat(count("CreateAccountCommand", "success")).isEqualTo(successesBefore + 1);
        assertThat(count("CreateAccountCommand", "AccountNameTakenException")).isEqualTo(rejectionsBefore + 1);
    }

    @Test
    void everyStreamingProcessor_reportsItsLag() {
        assertThat(registry.find("tether.processor.lag").tag("processing_group", "integration-accounts").gauge()).isNotNull();
        assertThat(registry.find("tether.processor.lag").tag("processing_group", "audit-log").gauge().value())
                .isGreaterThanOrEqualTo(0);
    }

    private long count(String command, String outcome) {
        var timer = registry.find("tether.commands").tag("command", command).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
