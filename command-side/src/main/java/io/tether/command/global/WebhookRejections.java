package io.tether.command.global;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts refused webhook deliveries by reason ({@code tether.webhooks.rejected{reason=…}}), for alerting on probing. */
@Component
public class WebhookRejections {

    public static final String METER = "tether.webhooks.rejected";

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
}
