package io.tether.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Issue 28's token refresh at scale ({@code --rows refresh}): {@code --refresh-accounts} accounts of one provider whose
 * access tokens all expire within the provider's span (an hour for Amazon Ads, whose tokens last an hour; 15 minutes
 * for Walmart, whose tokens last 15 minutes), the stand-in answering every token request after a fixed delay, while
 * workers read credentials. Time is compressed by {@code k = span ÷ --refresh-window}: the expiries spread over the
 * window instead of the span, every token lasts its real lifetime ÷ k, and Tether's refresh lead time
 * ({@code tether.amazon.token-refresh.ahead}, 5 minutes by default) and retry delay (1 minute) are ÷ k as well. What is not
 * compressed is Tether's own machinery (db-scheduler's threads and polling, the provider's delay, every CPU cost): the
 * row asks k times the real refresh rate with k times less lead, a harder test than the real span.
 *
 * <p>The stand-ins record every token they issue ({@link TokenBook}); the row's accounts are seeded first (their first
 * tokens placed in the window wherever the seeding ended), then, from the first refresh due until the last first-round
 * token has expired, paced workers read credentials and check each token handed out against that record. Afterwards
 * every token whose refresh fell due in the window is judged: refreshed before it expired or not, and how long after it
 * was due (the refresh lag).
 */
final class RefreshRow implements AutoCloseable {

    /** A provider whose access tokens Tether keeps fresh, with its real token lifetime and the span the expiries share. */
    enum Kind {
        ADS("Amazon Ads", Duration.ofHours(1), Duration.ofSeconds(300)),
        WALMART("Walmart", Duration.ofMinutes(15), Duration.ofSeconds(450));

        final String displayName;
        final Duration lifetime;
        final Duration defaultWindow;

        Kind(String displayName, Duration lifetime, Duration defaultWindow) {
            this.displayName = displayName;
            this.lifetime = lifetime;
            this.defaultWindow = defaultWindow;
        }
    }

    /** Tether's defaults, compressed with the rest. */
    private static final Duration REAL_AHEAD = Duration.ofMinutes(5);
    private static final Duration REAL_RETRY_DELAY = Duration.ofMinutes(1);
    private static final int ORGANIZATIONS = 100;
    private static final int SEED_CLIENTS = 16;
    /** Placements beyond the accounts, for attempts that fail after their code was exchanged and are seeded again. */
    private static final double SPARE_PLACES = 0.05;
    private static final String DETAILS_TASKS = "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'amazon-account-details'";

    private final Kind kind;
    private final int accounts;
    private final Duration window;
    private final double compression;
    private final Duration ahead;
    private final Duration delay;
    private final double readRate;
    private final int readClients;
    private final TokenBook book;
    private final LwaStandIn lwa;
    private final WalmartStandIn walmart;
    private final AtomicLong names = new AtomicLong();

    private RefreshRow(Kind kind, int accounts, Duration window, Duration delay, double readRate, int readClients,
                       LwaStandIn lwa) throws Exception {
        this.kind = kind;
        this.accounts = accounts;
        this.window = window;
        this.compression = (double) kind.lifetime.toMillis() / window.toMillis();
        this.ahead = Duration.ofMillis(Math.round(REAL_AHEAD.toMillis() / compression));
        this.delay = delay;
        this.readRate = readRate;
        this.readClients = readClients;
        this.book = new TokenBook(Duration.ofMillis(Math.round(kind.lifetime.toMillis() / compression)));
        this.lwa = lwa;
        lwa.issueFrom(book, delay);
        this.walmart = kind == Kind.WALMART ? new WalmartStandIn(book, delay) : null;
    }

    /** The row's options and their defaults ({@code --refresh-window}: blank for the provider's own default). */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("refresh-provider", "ads");
        defaults.put("refresh-accounts", "10000");
        defaults.put("refresh-window", "");
        defaults.put("refresh-delay", "50ms");
        defaults.put("refresh-read-rate", "50");
        defaults.put("refresh-read-clients", "8");
        return defaults;
    }

    /** The row for {@code --rows refresh}, null for any other rows. */
    static RefreshRow of(Map<String, String> options, LwaStandIn lwa) throws Exception {
        if (!options.get("rows").equals("refresh")) {
            return null;
        }
        Kind kind = Kind.valueOf(options.get("refresh-provider").strip().toUpperCase(Locale.ROOT));
        String window = options.get("refresh-window");
        return new RefreshRow(kind, Integer.parseInt(options.get("refresh-accounts")),
                window.isBlank() ? kind.defaultWindow : Benchmark.parseDuration(window),
                Benchmark.parseDuration(options.get("refresh-delay")), Double.parseDouble(options.get("refresh-read-rate")),
                Integer.parseInt(options.get("refresh-read-clients")), lwa);
    }

    /**
     * What Tether is started with for the row: the compressed lead time and retry delay, the stand-in for Walmart's
     * tokens (the Ads API's profiles are the LWA stand-in's in every run), OAuth states that outlive the row (their
     * deadlines would otherwise all fire inside it, an artefact of seeding thousands of flows in minutes), and no periodic
     * re-check of credentials (its token exchanges are not refreshes, and would blur the stand-in's record of them).
     */
    List<String> tetherArguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--tether.amazon.token-refresh.ahead=" + ahead.toMillis() + "ms",
                "--tether.amazon.token-refresh.retry-delay=" + Math.round(REAL_RETRY_DELAY.toMillis() / compression) + "ms",
                "--tether.amazon.oauth.state-lifetime=3h",
                "--tether.providers.reverify.enabled=false"));
        if (walmart != null) {
            arguments.add("--tether.providers.walmart.base-url=" + walmart.baseUrl());
        }
        return arguments;
    }

    /** A seeded account, with its service token and its token lineage at the stand-in. */
    private record Account(String id, String serviceToken, String lineage) {
    }

    void run(Api api, Baselines baselines, Consumer<Benchmark.Row> rows, Consumer<String> notes, Map<String, Object> extra)
            throws Exception {
        List<String[]> organizations = new ArrayList<>();
        for (int i = 0; i < ORGANIZATIONS; i++) {
            UUID organization = UUID.randomUUID();
            organizations.add(new String[] {api.token(organization), api.token(organization, Api.SERVICE_ROLES)});
        }
        String what = accounts + " " + kind.displayName + " accounts";
        System.out.printf(Locale.ROOT, "  Token refresh: %s, expiries over %d s (%s ÷ %.1f), lead %.1f s, stand-in delay %d ms%n",
                what, window.toSeconds(), kind == Kind.ADS ? "1 h" : "15 min", compression, ahead.toMillis() / 1000.0,
                delay.toMillis());

        // (1) a pilot with parked tokens, to learn how long seeding takes on this machine at this moment
        int pilot = Math.max(100, accounts / 50);
        long pilotStart = System.nanoTime();
        seed(api, organizations, pilot, baselines);
        double pilotSeconds = (System.nanoTime() - pilotStart) / 1e9;
        double estimate = pilotSeconds * accounts / pilot;
        Instant windowStart = Instant.now().plusMillis(Math.round(estimate * 1300) + 20_000).plus(ahead);
        Instant firstDue = windowStart.minus(ahead);
        System.out.printf(Locale.ROOT, "  pilot: %d accounts in %.1f s; seeding %d should take %.0f s; the window starts at %s%n",
                pilot, pilotSeconds, accounts, estimate, windowStart);

        // (2) the row's accounts, whose first tokens expire at their places in the window
        book.openPlacements((int) Math.ceil(accounts * (1 + SPARE_PLACES)), windowStart, window, 28);
        long seedStart = System.nanoTime();
        List<Account> seeded = seed(api, organizations, accounts, baselines);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        book.closePlacements();
        Instant seededAt = Instant.now();
        long overran = seeded.stream().map(account -> book.tokensOf(account.lineage()).get(0))
                .filter(token -> token.issuedAt().isAfter(token.expiresAt().minus(ahead))).count();
        System.out.printf(Locale.ROOT, "  seeded %d accounts in %.1f s; %d first tokens were issued after their refresh was due%n",
                seeded.size(), seedSeconds, overran);

        // (3) workers read credentials from the first refresh due until the last first-round token has expired
        Load.sleepNanos(Duration.between(Instant.now(), firstDue).toNanos());
        Instant until = windowStart.plus(window);
        Instant end = until.plus(ahead).plusSeconds(2);
        Reads reads = new Reads();
        Load.Measured measured = Load.paced(readClients, readRate, Duration.ZERO, Duration.between(Instant.now(), end),
                (probe, client) -> reads.read(api, seeded.get(ThreadLocalRandom.current().nextInt(seeded.size())), probe));
        Instant observedUntil = Instant.now();

        // (4) every token whose refresh fell due in the window, judged against what the stand-in issued
        Judged judged = judge(seeded, firstDue, until, observedUntil);
        String scenario = String.format(Locale.ROOT, "token refresh, %s, expiries over %d s (%s ÷ %.0f)", what,
                window.toSeconds(), kind == Kind.ADS ? "1 h" : "15 min", compression);
        Histogram lag = judged.lag();
        rows.accept(new Benchmark.Row(scenario, 0, judged.refreshesPerSecond(), "refreshes/s", ms(lag, 50), ms(lag, 95),
                ms(lag, 99), judged.due(), judged.late() + judged.expiredUnrefreshed(), Double.NaN, Double.NaN));
        Histogram latency = measured.timer("read");
        rows.accept(new Benchmark.Row(String.format(Locale.ROOT, "credential reads during the refreshes @ %.0f/s", readRate),
                readClients, measured.throughput(), "reads/s", ms(latency, 50), ms(latency, 95), ms(latency, 99),
                measured.operations(), reads.expired.get() + reads.unknown.get() + reads.refused() + measured.errors(),
                Double.NaN, Double.NaN, measured.machineIdlePercent()));

        extra.put("refresh_provider", kind.name().toLowerCase(Locale.ROOT));
        extra.put("refresh_accounts", accounts);
        extra.put("refresh_compression", compression);
        extra.put("refresh_ahead_ms", ahead.toMillis());
        extra.put("refresh_due", judged.due());
        extra.put("refresh_refreshed_before_expiry", judged.onTime());
        extra.put("refresh_refreshed_after_expiry", judged.late());
        extra.put("refresh_expired_unrefreshed", judged.expiredUnrefreshed());
        extra.put("refresh_pending_at_end", judged.pending());
        extra.put("refresh_lag_p99_ms", ms(lag, 99));
        extra.put("refresh_largest_backlog", judged.largestBacklog());
        extra.put("refresh_lag_max_ms", ms(lag, 100));
        extra.put("refresh_min_lead_ms", judged.minLeadMillis());
        extra.put("refreshes_per_second", judged.refreshesPerSecond());
        extra.put("refreshes_due_per_second", judged.duePerSecond());
        extra.put("refresh_reads_expired_token", reads.expired.get());
        extra.put("refresh_reads_unknown_token", reads.unknown.get());
        extra.put("refresh_reads_refused", reads.refusals);
        extra.put("refresh_reads_min_remaining_ms", reads.minRemainingMillis.get() == Long.MAX_VALUE ? null
                : reads.minRemainingMillis.get());
        extra.put("refresh_seed_seconds", seedSeconds);
        notes.accept(String.format(Locale.ROOT, "Token refresh (%s): %s seeded in %.1f s (%s; a pilot of %d accounts "
                        + "with tokens lasting beyond the row first, %.1f s, to place the window after the seeding), %d first "
                        + "tokens issued after their refresh was already due (the seeding overran the window's start), the "
                        + "window opened %.1f s after the seeding ended. Time compressed %.1f×: the expiries spread over %d s "
                        + "instead of %s, tokens last %d s instead of %s, Tether's refresh lead %.1f s instead of 5 min and its "
                        + "retry delay %.1f s instead of 1 min; Tether's own machinery is not compressed (db-scheduler's 10 "
                        + "threads and 10 s polling, the stand-in's %d ms before each answer, every CPU cost).", kind.displayName,
                what, seedSeconds, kind == Kind.ADS ? "create, auth-url and callback, the code exchanged with the LWA stand-in, "
                        + "and the profiles fetched by Tether's details tasks" : "create with client credentials, and the first "
                        + "token fetched by Tether's refresh task", pilot, pilotSeconds, overran,
                Duration.between(seededAt, firstDue).toMillis() / 1000.0, compression, window.toSeconds(),
                kind == Kind.ADS ? "an hour" : "15 minutes", book.lifetimeSeconds(), kind == Kind.ADS ? "an hour" : "15 minutes",
                ahead.toMillis() / 1000.0, REAL_RETRY_DELAY.toMillis() / compression / 1000.0, delay.toMillis()));
        notes.accept(String.format(Locale.ROOT, "Token refresh (%s): %d refreshes fell due in the %d s from the first due to "
                        + "the last first-round expiry (%.1f/s due on average); %d were refreshed before their token expired, "
                        + "%d after it, %d tokens expired unrefreshed, %d were still waiting when the row ended (counted in the "
                        + "lag at the time waited); %.1f refreshes/s issued over that span and the lead after it; lag (from due "
                        + "to the stand-in's answer) p50 %.0f ms, p99 %.0f ms, max %.0f ms; the closest a refresh came to the "
                        + "token's expiry: %s ms before it; at most %d refreshes were due and not yet done at once. The row's refreshes/s column is that rate, its latency columns "
                        + "the lag, its errors the tokens not refreshed in time.", kind.displayName, judged.due(),
                Duration.between(firstDue, until).toSeconds(), judged.duePerSecond(), judged.onTime(), judged.late(),
                judged.expiredUnrefreshed(), judged.pending(), judged.refreshesPerSecond(), ms(lag, 50), ms(lag, 99),
                ms(lag, 100), judged.minLeadMillis() == Long.MAX_VALUE ? "-" : String.valueOf(judged.minLeadMillis()),
                judged.largestBacklog()));
        notes.accept(String.format(Locale.ROOT, "Token refresh (%s): %d clients paced at %.0f credential reads/s over the row's "
                        + "accounts at random during the window; %d reads answered, %d handed out a token already expired "
                        + "by the stand-in's record when the answer arrived, %d a token the stand-in never issued, refusals %s "
                        + "(a 503 access_token_refresh_failed is a refusal, not an expired token handed out); the least time "
                        + "left on a token handed out: %s ms; Tether's recorded expiry was up to %d ms later than the "
                        + "stand-in's.", kind.displayName, readClients, readRate, reads.answered.get(), reads.expired.get(),
                reads.unknown.get(), reads.refusals.isEmpty() ? "none" : reads.refusals,
                reads.minRemainingMillis.get() == Long.MAX_VALUE ? "-" : String.valueOf(reads.minRemainingMillis.get()),
                reads.maxRecordedLaterMillis.get()));
        System.out.printf(Locale.ROOT, "  token refresh: %d due, %d late, %d expired unrefreshed, lag p99 %.0f ms, %.1f "
                        + "refreshes/s; reads: %d expired tokens handed out%n", judged.due(), judged.late(),
                judged.expiredUnrefreshed(), ms(lag, 99), judged.refreshesPerSecond(), reads.expired.get());
    }

    /**
     * Seeds {@code count} accounts at {@value #SEED_CLIENTS} clients and waits until each holds its first token (for
     * Ads, also until Tether's details tasks have fetched the profiles).
     */
    private List<Account> seed(Api api, List<String[]> organizations, int count, Baselines baselines) throws Exception {
        List<Account> seeded = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(SEED_CLIENTS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String[] organization = organizations.get(i % organizations.size());
                work.add(clients.submit(() -> {
                    seeded.add(seedOne(api, organization));
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (seeded.stream().anyMatch(account -> book.tokensOf(account.lineage()).isEmpty())
                || (kind == Kind.ADS && baselines.count(DETAILS_TASKS) > 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the seeded accounts did not all get their first token within 20 minutes");
            }
            Thread.sleep(100);
        }
        return new ArrayList<>(seeded);
    }

    /**
     * One account holding its provider's tokens. An attempt answered 5xx (on a machine busy with other work, the pool
     * can run dry while seeding) is given up and another account seeded in its place, up to five times: its lineage,
     * if the stand-in started one, belongs to no seeded account and is not judged.
     */
    private Account seedOne(Api api, String[] organization) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return kind == Kind.ADS ? adsAccount(api, organization) : walmartAccount(api, organization);
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).matches("(?s).*HTTP 5\\d\\d.*")) {
                    throw e;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    private Account adsAccount(Api api, String[] organization) throws Exception {
        String admin = organization[0];
        String id = api.post("/integrations/accounts", admin, "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\","
                + "\"account_name\":\"refresh " + names.incrementAndGet() + "\",\"region\":\"EU\"}")
                .expect(201, "create").json().path("id").asText();
        String url = api.get("/integrations/ads/auth-url?accountId=" + id, admin).expect(200, "auth-url").json()
                .path("authorization_url").asText();
        String code = "bench-code-" + names.incrementAndGet();
        api.get("/integrations/ads/callback?code=" + code + "&state="
                + URLEncoder.encode(Benchmark.queryParameter(url, "state"), StandardCharsets.UTF_8), null).expect(200, "callback");
        return new Account(id, organization[1], LwaStandIn.refreshTokenOf(code));
    }

    private Account walmartAccount(Api api, String[] organization) throws Exception {
        long n = names.incrementAndGet();
        String id = api.post("/integrations/accounts", organization[0], "{\"marketplace\":\"WALMART\",\"integration_type\":\"WALMART_MP_API\","
                        + "\"account_name\":\"refresh " + n + "\",\"region\":\"US\",\"credentials\":{\"client_id\":\"bench-client-"
                        + n + "\",\"client_secret\":\"bench-secret-" + n + "\"},\"verify\":false}")
                .expect(201, "create with credentials").json().path("id").asText();
        return new Account(id, organization[1], "bench-client-" + n);
    }

    /** The workers' reads, each checked against the stand-in's record. */
    private final class Reads {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong unknown = new AtomicLong();
        final AtomicLong minRemainingMillis = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong maxRecordedLaterMillis = new AtomicLong();
        final Map<String, Long> refusals = new ConcurrentHashMap<>();

        void read(Api api, Account account, Load.Probe probe) throws Exception {
            Api.Answer answer = api.post("/integrations/accounts/" + account.id() + "/credentials", account.serviceToken(),
                    "{\"purpose\":\"bench token refresh row\"}");
            Instant received = Instant.now();
            probe.record("read", answer.nanos());
            if (answer.status() != 200) {
                String code = answer.body() != null && answer.body().startsWith("{") ? answer.json().path("code").asText("") : "";
                refusals.merge((answer.status() + " " + code).strip(), 1L, Long::sum);
                return;
            }
            answered.incrementAndGet();
            String value = answer.json().path("credentials").path("access_token").asText(null);
            TokenBook.Token token = book.lookUp(value);
            if (token == null) {
                unknown.incrementAndGet();
                return;
            }
            long remaining = Duration.between(received, token.expiresAt()).toMillis();
            minRemainingMillis.accumulateAndGet(remaining, Math::min);
            if (!token.expiresAt().isAfter(received)) {
                expired.incrementAndGet();
            }
            String recorded = answer.json().path("credentials").path("access_token_expires_at").asText(null);
            if (recorded != null) {
                maxRecordedLaterMillis.accumulateAndGet(Duration.between(token.expiresAt(), Instant.parse(recorded)).toMillis(),
                        Math::max);
            }
        }

        long refused() {
            return refusals.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Judged(long due, long onTime, long late, long expiredUnrefreshed, long pending, Histogram lag,
                          long minLeadMillis, double refreshesPerSecond, double duePerSecond, int largestBacklog) {
    }

    /**
     * Each row account's tokens whose refresh fell due in {@code [firstDue, until]}: refreshed (its successor issued)
     * before or after it expired, expired with none, or still waiting at the end (its lag counted as the time waited).
     */
    private Judged judge(List<Account> seeded, Instant firstDue, Instant until, Instant observedUntil) {
        Histogram lag = new Histogram(3);
        long due = 0;
        long onTime = 0;
        long late = 0;
        long expiredUnrefreshed = 0;
        long pending = 0;
        long refreshes = 0;
        long minLead = Long.MAX_VALUE;
        // +1 when a refresh falls due, -1 when it happens: the largest sum is the most refreshes ever waiting at once
        List<long[]> backlog = new ArrayList<>();
        for (Account account : seeded) {
            List<TokenBook.Token> tokens = book.tokensOf(account.lineage());
            if (tokens.isEmpty() || !tokens.get(0).placed()) {
                continue;
            }
            for (int i = 0; i < tokens.size(); i++) {
                TokenBook.Token token = tokens.get(i);
                if (i > 0 && !token.issuedAt().isBefore(firstDue) && !token.issuedAt().isAfter(observedUntil)) {
                    refreshes++;
                }
                Instant dueAt = token.expiresAt().minus(ahead);
                if (dueAt.isBefore(firstDue) || dueAt.isAfter(until)) {
                    continue;
                }
                due++;
                backlog.add(new long[] {micros(dueAt), 1});
                if (i + 1 < tokens.size()) {
                    Instant refreshedAt = tokens.get(i + 1).issuedAt();
                    backlog.add(new long[] {micros(refreshedAt), -1});
                    lag.recordValue(Math.max(1, Duration.between(dueAt, refreshedAt).toNanos() / 1000));
                    minLead = Math.min(minLead, Duration.between(refreshedAt, token.expiresAt()).toMillis());
                    if (refreshedAt.isBefore(token.expiresAt())) {
                        onTime++;
                    } else {
                        late++;
                    }
                } else if (!token.expiresAt().isAfter(observedUntil)) {
                    expiredUnrefreshed++;
                    lag.recordValue(Math.max(1, Duration.between(dueAt, observedUntil).toNanos() / 1000));
                } else {
                    pending++;
                    lag.recordValue(Math.max(1, Duration.between(dueAt, observedUntil).toNanos() / 1000));
                }
            }
        }
        backlog.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int waiting = 0;
        int largestBacklog = 0;
        for (long[] change : backlog) {
            waiting += (int) change[1];
            largestBacklog = Math.max(largestBacklog, waiting);
        }
        double span = Duration.between(firstDue, observedUntil).toMillis() / 1000.0;
        double dueSpan = Duration.between(firstDue, until).toMillis() / 1000.0;
        return new Judged(due, onTime, late, expiredUnrefreshed, pending, lag, minLead, refreshes / span, due / dueSpan,
                largestBacklog);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public void close() {
        if (walmart != null) {
            walmart.close();
        }
    }
}
