package io.tether.command.oauth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the OAuth flows do, for dashboards and alerts: {@code tether.oauth.callbacks} counts the providers'
 * redirects (Amazon's, Slack's) by flow and outcome (connected, refused before any account changed, failed with the account
 * in ERROR); {@code tether.lwa.requests} times every call to Amazon's token endpoint by grant (the code
 * exchange or a token refresh) and outcome.
 */
@Component
class OAuthMetrics {

    static final String CALLBACKS = "tether.oauth.callbacks";
    static final String LWA_REQUESTS = "tether.lwa.requests";

    /** Amazon's documented error codes; anything else is counted as {@code rejected} so the tag stays small. */
    private static final Set<String> LWA_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "server_error", "temporarily_unavailable");

    private final MeterRegistry meters;

    OAuthMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void callback(CallbackOutcome outcome) {
        Counter.builder(CALLBACKS)
                .description("The providers' OAuth redirects, by flow and outcome")
                .tag("flow", outcome.flow().name())
                .tag("outcome", outcome.result().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    Timer.Sample startLwaRequest() {
        return Timer.start(meters);
    }

    void lwaRequestEnded(Timer.Sample sample, String grantType, RuntimeException failure) {
        String outcome = failure == null ? "success"
                : failure instanceof LwaRejectedException rejected
                        ? (LWA_ERRORS.contains(rejected.error()) ? rejected.error() : "rejected")
                        : "unavailable";
        sample.stop(Timer.builder(LWA_REQUESTS)
                .description("Requests to Amazon's token endpoint (code exchanges and token refreshes), by grant and outcome")
                .tag("grant", grantType)
                .tag("outcome", outcome)
                .register(meters));
    }
}
