package io.tether.command.notice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tether.command.notice.NoticeOutbox.Attempt;
import io.tether.command.notice.NoticeOutbox.Claimed;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox: a loop claims due deliveries (each resource's oldest pending one per endpoint, so a
 * receiver gets each resource's notices in order, and at most {@code concurrency-per-endpoint} attempts at
 * an endpoint at once, so a slow receiver holds up no other) as long as fewer than {@code concurrency}
 * attempts are under way, and hands each to a sender. Any number of nodes run it; the claim ({@code SKIP LOCKED}, and a
 * claim time-out after which a crashed node's delivery is taken over) gives each delivery to one. The loop
 * looks again every {@code poll-interval}, at once when a notice was written on this node or an attempt
 * ended.
 *
 * <p>Each attempt is signed per Standard Webhooks with the endpoint's secret (and, during a rotation's
 * overlap, the previous one), sent with connect and read time-outs and without following redirects, and
 * recorded. 2xx delivers; 410 Gone disables the endpoint; anything else is retried on the schedule with
 * jitter, and an endpoint failing for longer than {@code disable-after} is disabled. Disabling an endpoint
 * sends {@code endpoint.disabled} to the organization's other endpoints.
 */
@Component
class NoticeDelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeDelivery.class);
    private static final int RESPONSE_BYTES_KEPT = 1024;
    private static final String USER_AGENT = "Tether-Notices/1";
    private static final Duration PRUNING_INTERVAL = Duration.ofHours(1);

    private final NoticeOutbox outbox;
    private final WebhookEndpoints endpoints;
    private final SigningSecrets secrets;
    private final NoticeTargets targets;
    private final NoticeBodies bodies;
    private final SlackNotices slack;
    private final WebhookReceivedBodies webhookBodies;
    private final NoticeProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;

    NoticeDelivery(NoticeOutbox outbox, WebhookEndpoints endpoints, SigningSecrets secrets, NoticeTargets targets,
                   NoticeBodies bodies, SlackNotices slack, WebhookReceivedBodies webhookBodies, NoticeProperties properties,
                   Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.targets = targets;
        this.bodies = bodies;
        this.slack = slack;
        this.webhookBodies = webhookBodies;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Gauge.builder("tether.notices.pending", outbox, NoticeOutbox::pending)
                .description("Notice deliveries waiting for a successful attempt")
                .register(meters);
        Gauge.builder("tether.notices.oldest.pending.age", outbox, NoticeOutbox::oldestPendingAgeSeconds)
                .description("Age of the oldest pending notice delivery")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Look for due deliveries now rather than at the next poll. */
    void wake() {
        wakeUps.release();
    }

    @Override
    public void start() {
        if (!properties.deliveryEnabled()) {
            return;
        }
        running = true;
        AtomicInteger senderNumber = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.concurrency(),
                task -> daemon(task, "notice-sender-" + senderNumber.incrementAndGet()));
        loop = daemon(this::claimWhileRunning, "notice-delivery");
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
            senders.shutdown();
            try {
                // An attempt cut short is not lost: its claim times out and it is attempted again.
                senders.awaitTermination(properties.connectTimeout().plus(properties.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Claims until stopped, and prunes what is done once an hour; a failure (the database is down) is
     * logged once, and again only after a success.
     */
    private void claimWhileRunning() {
        boolean failing = false;
        Instant nextPruning = clock.instant();
        while (running) {
            try {
                wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                claimAndSend();
                if (!clock.instant().isBefore(nextPruning)) {
                    outbox.prune(clock.instant().minus(properties.retention()));
                    nextPruning = clock.instant().plus(PRUNING_INTERVAL);
                }
                failing = false;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("Could not claim notice deliveries; trying again every {}", properties.pollInterval(), e);
                }
                failing = true;
            }
        }
    }

    private void claimAndSend() {
        int free = properties.concurrency() - underWay.get();
        if (free <= 0) {
            return;
        }
        for (Claimed claimed : outbox.claim(free, properties.concurrencyPerEndpoint(), properties.claimWindow(), properties.claimTimeout())) {
            underWay.incrementAndGet();
            senders.execute(() -> {
                try {
                    attempt(claimed);
                } catch (RuntimeException e) {
                    log.warn("The attempt at notice delivery {} failed to be recorded; its claim will time out", claimed.id(), e);
                } finally {
                    underWay.decrementAndGet();
                    wake();
                }
            });
        }
    }

    void attempt(Claimed claimed) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Attempt attempt = send(claimed, at, started);
        Optional<Duration> retryAfter = attempt.succeeded() || attempt.gone() ? Optional.empty() : retryAfter(claimed.attempts());
        if (attempt.gone()) {
            // Before the delivery's claim ends, so that no attempt follows this answer.
            disable(claimed, "the endpoint answered 410 Gone", at);
        }
        if (!outbox.record(claimed, attempt, retryAfter)) {
            log.info("Notice delivery {} was claimed elsewhere while this attempt ran; its answer is not recorded", claimed.id());
            return;
        }
        String outcome = attempt.succeeded() ? "delivered" : retryAfter.isPresent() ? "retrying" : attempt.gone() ? "gone" : "given_up";
        Counter.builder("tether.notices.deliveries").description("Notice delivery attempts by type and outcome")
                .tag("type", claimed.noticeType()).tag("outcome", outcome).register(meters).increment();
        if (!attempt.succeeded() && !attempt.gone()) {
            endpoints.markFailing(claimed.endpointId(), at)
                    .filter(failingSince -> Duration.between(failingSince, at).compareTo(properties.disableAfter()) > 0)
                    .ifPresent(failingSince -> disable(claimed, "failing since " + failingSince, at));
        }
    }

    private Attempt send(Claimed claimed, Instant at, long started) {
        try {
            if (claimed.channel().equals("slack")) {
                return slack.send(http, claimed, at, started);
            }
            Optional<String> refusal = targets.refusal(claimed.url());
            if (refusal.isPresent()) {
                return new Attempt(at, null, elapsedMillis(started), null, "target refused: the URL " + refusal.get());
            }
            String body;
            try {
                body = webhookBodies.completed(claimed.noticeType(), claimed.body());
            } catch (RuntimeException e) {
                return new Attempt(at, null, elapsedMillis(started), null, "the webhook body could not be opened: " + e.getMessage());
            }
            long timestamp = at.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(claimed.url()))
                    .timeout(properties.readTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header("webhook-id", claimed.noticeId())
                    .header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", StandardWebhookSignature.of(secretsOf(claimed, at), claimed.noticeId(),
                            timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String head;
            try (InputStream answer = response.body()) {
                head = new String(answer.readNBytes(RESPONSE_BYTES_KEPT), StandardCharsets.UTF_8).replace("\0", "");
            }
            return new Attempt(at, response.statusCode(), elapsedMillis(started), head, null);
        } catch (IOException e) {
            return new Attempt(at, null, elapsedMillis(started), null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(at, null, elapsedMillis(started), null, "interrupted: the node is stopping");
        }
    }

    /** The current secret, and the previous one while its overlap lasts. */
    private List<String> secretsOf(Claimed claimed, Instant at) {
        List<String> open = new ArrayList<>();
        open.add(secrets.open(claimed.organizationId(), claimed.endpointId(), claimed.signingSecret()));
        if (claimed.previousSigningSecret() != null && claimed.previousSecretExpiresAt() != null
                && at.isBefore(claimed.previousSecretExpiresAt())) {
            open.add(secrets.open(claimed.organizationId(), claimed.endpointId(), claimed.previousSigningSecret()));
        }
        return open;
    }

    /** The wait before the next attempt after {@code attemptsBefore} earlier ones and this one failed; empty once the schedule is spent. */
    private Optional<Duration> retryAfter(int attemptsBefore) {
        List<Duration> schedule = properties.retrySchedule();
        if (attemptsBefore >= schedule.size()) {
            return Optional.empty();
        }
        long millis = schedule.get(attemptsBefore).toMillis();
        double jitter = properties.retryJitter() == 0 ? 0
                : ThreadLocalRandom.current().nextDouble(-properties.retryJitter(), properties.retryJitter());
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(millis * (1 + jitter)))));
    }

    private void disable(Claimed claimed, String reason, Instant at) {
        if (endpoints.disable(claimed.endpointId(), reason, at)) {
            log.warn("Notice endpoint {} disabled: {}", claimed.endpointId(), reason);
            outbox.enqueueExcept(bodies.endpointDisabled(claimed.endpointId(), claimed.organizationId(), claimed.url(), reason, at),
                    claimed.endpointId());
            wake();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    static long elapsedMillis(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
