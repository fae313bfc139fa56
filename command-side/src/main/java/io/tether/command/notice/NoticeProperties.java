package io.tether.command.notice;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notices are delivered. {@code retrySchedule} is the wait before each retry after the first
 * attempt (the first is at once); a delivery whose retries are spent is given up. An endpoint that has
 * failed without a success for {@code disableAfter} is disabled. {@code allowPrivateTargets} lets
 * endpoints use http and private, loopback or link-local addresses: for tests and closed networks only.
 * {@code slackApiBase} is where Slack notices call {@code chat.postMessage}; {@code slackIncomingWebhookBase}
 * stands for {@code https://hooks.slack.com} in a Slack integration's incoming-webhook URL (tests point both at a
 * stand-in). Deliveries that are done (delivered or given up) are kept, with their attempts, for
 * {@code retention}. A node attempts at most {@code concurrency} deliveries at once, and all nodes together
 * at most {@code concurrencyPerEndpoint} at one endpoint (each resource's one at a time, in order): an endpoint's rate
 * is that many over an attempt's whole cycle (the claim, the request, the record), and the platform's backend is often
 * the one endpoint, so 8 by default (with 4, a cycle of over 40 ms on a loaded node capped it below 100 notices/s;
 * docs/benchmarks.md, twenty-second session). A claim looks at
 * most at {@code claimWindow} of an endpoint's pending deliveries, oldest first ({@link NoticeOutbox#CLAIM}). An
 * opened signing secret is kept in memory for {@code signingSecretsKeptFor} ({@link SigningSecrets}).
 */
@ConfigurationProperties("tether.notices")
public record NoticeProperties(
        @DefaultValue("true") boolean deliveryEnabled,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout,
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
        @DefaultValue("0.2") double retryJitter,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("16") int concurrency,
        @DefaultValue("8") int concurrencyPerEndpoint,
        @DefaultValue("1m") Duration claimTimeout,
        @DefaultValue("https://slack.com/api") String slackApiBase,
        @DefaultValue("https://hooks.slack.com") String slackIncomingWebhookBase,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("500") int claimWindow,
        @DefaultValue("5m") Duration signingSecretsKeptFor) {

    public NoticeProperties {
        retrySchedule = List.copyOf(retrySchedule);
        slackApiBase = withoutTrailingSlash(slackApiBase);
        slackIncomingWebhookBase = withoutTrailingSlash(slackIncomingWebhookBase);
        if (concurrency < 1) {
            throw new IllegalArgumentException("tether.notices.concurrency must be at least 1, was " + concurrency);
        }
        if (concurrencyPerEndpoint < 1) {
            throw new IllegalArgumentException("tether.notices.concurrency-per-endpoint must be at least 1, was "
                    + concurrencyPerEndpoint);
        }
        if (claimWindow < 1) {
            throw new IllegalArgumentException("tether.notices.claim-window must be at least 1, was " + claimWindow);
        }
        if (signingSecretsKeptFor.isNegative()) {
            throw new IllegalArgumentException("tether.notices.signing-secrets-kept-for must not be negative, was "
                    + signingSecretsKeptFor);
        }
        if (retryJitter < 0 || retryJitter >= 1) {
            throw new IllegalArgumentException("tether.notices.retry-jitter must be in [0, 1), was " + retryJitter);
        }
        if (claimTimeout.compareTo(readTimeout.plus(connectTimeout)) <= 0) {
            throw new IllegalArgumentException("tether.notices.claim-timeout must be longer than connect-timeout plus"
                    + " read-timeout, so that a claim outlives the attempt it covers, was " + claimTimeout);
        }
    }

    private static String withoutTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
