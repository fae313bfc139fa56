package io.tether.command.global;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts webhook verifications: refused deliveries by reason ({@code tether.webhooks.rejected{reason=…}}),
 * for alerting on probing, and accepted ones ({@code tether.webhooks.accepted}), to see the ratio.
 */
@Component
public class WebhookRejections {

    public static final String METER = "tether.webhooks.rejected";
    public static final String ACCEPTED = "tether.webhooks.accepted";

    private final MeterRegistry meters;

    WebhookRejections(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String reason) {
        Counter.builder(METER)
                .description("Incoming webhook deliveries that were refused")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    void accepted() {
        Counter.builder(ACCEPTED)
                .description("Incoming webhook deliveries whose signature and freshness were verified")
                .register(meters)
                .increment();
    }
}
