package io.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tether.bench.Baselines.ScheduledExecution;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The benchmark of issue 10: starts Tether as a child process, drives it over HTTP on 127.0.0.1 after a
 * warm-up and for a fixed time per scenario, measures the raw-append and plain-CRUD baselines on the same
 * PostgreSQL in the same run, prints one table and writes it as JSON.
 *
 * <pre>
 * java -jar bench/target/tether-bench.jar [--jar app/target/tether/tether.jar] [--clients 1,8,32,64]
 *     [--jit-warmup 240s] [--warmup 2s] [--duration 5s] [--out bench/target/results.json]
 *     [--external-db jdbc:postgresql://… --db-user … --db-password …] [--keep-data false]
 *     [--tether-jvm-args "-Xms384m -Xmx384m -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile={jar-dir}/tether.jsa"]
 *     [--tether-java <the java running the bench>]
 *     [--mode all|verify|scale|peer] [--verify-events 1000000] [--verify-events-per-aggregate 1000] [--verify-heap 64m]
 *     [--scale-accounts 1000,100000] [--scale-accounts-per-organization 100] [--scale-events-per-account 20]
 *     [--scale-large-export-events 200000] [--scale-clients 16]
 *     [--credential-accounts 1000] [--rows all|issue28|reads|cost|notices|refresh] [--notice-rate <half the peak>] [--read-rate <none>] [--connect-rate <none>] [--notice-backlog 2000]
 *     [--refresh-provider ads|walmart] [--refresh-accounts 10000] [--refresh-window 300s] [--refresh-delay 50ms]
 *     [--refresh-read-rate 50] [--refresh-read-clients 8]
 * </pre>
 *
 * {@code --mode verify} runs the verifier's row alone ({@link VerifierRow}), {@code --mode scale} the growth rows
 * ({@link ScaleRows}), {@code --mode peer} Tether beside a running Nango ({@link PeerRows}: {@code --peer-url
 * http://127.0.0.1:3003 --peer-secret-key … [--peer-pid …] [--peer-connections 64] [--peer-jit-warmup 60s]}, Tether
 * on the same PostgreSQL server with {@code --external-db}); {@code --rows refresh} the token refresh row alone
 * ({@link RefreshRow}); {@code --rows reads} the credential-read rows alone, after the JIT's warm-up ({@code --read-rate}
 * adds one at that fixed pace after the half-peak row, to compare builds whose peaks differ at one load).
 * {@code --keep-data true} leaves Tether's data directory (with the embedded PostgreSQL's store) in place after the run,
 * so that Tether can be started again on the store the rows made.
 */
public final class Benchmark {

    private static final String CONSISTENCY_MIN_POSITION = "Tether-Min-Position";
    private static final String POSITION = "Tether-Position";
    private static final String CONSISTENCY = "Tether-Consistency";
    /** PostgreSQL's backends report their statistics within about ten seconds of going idle. */
    private static final Duration STATISTICS_PAUSE = Duration.ofSeconds(11);

    private final Map<String, String> options;
    private final Duration warmup;
    private final Duration duration;
    private final int[] clientLevels;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicLong names = new AtomicLong();
    private Api api;
    private RefreshRow refresh;

    /**
     * One line of the table; ratios and percentiles are NaN where they do not apply, and so is {@code idlePercent}, the
     * machine's CPUs idle over the measured time of a load driven by clients.
     */
    record Row(String scenario, int clients, double throughput, String unit, double p50, double p95, double p99,
               long operations, long errors, double ratioRaw, double ratioCrud, double idlePercent) {

        Row(String scenario, int clients, double throughput, String unit, double p50, double p95, double p99,
            long operations, long errors, double ratioRaw, double ratioCrud) {
            this(scenario, clients, throughput, unit, p50, p95, p99, operations, errors, ratioRaw, ratioCrud, Double.NaN);
        }
    }

    private Benchmark(Map<String, String> options) {
        this.options = options;
        this.warmup = parseDuration(options.get("warmup"));
        this.duration = parseDuration(options.get("duration"));
        this.clientLevels = Arrays.stream(options.get("clients").split(",")).map(String::strip)
                .mapToInt(Integer::parseInt).toArray();
    }

    public static void main(String[] args) throws Exception {
        Api.configureConnections();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("jar", "app/target/tether/tether.jar");
        options.put("clients", "1,8,32,64");
        options.put("warmup", "2s");
        options.put("duration", "5s");
        options.put("out", "bench/target/results.json");
        options.put("external-db", "");
        options.put("keep-data", "false");
        options.put("db-user", "postgres");
        options.put("db-password", "");
        // the README's run command's; {jar-dir} is the directory of --jar, where the build writes the class archive
        options.put("tether-jvm-args", "-Xms384m -Xmx384m -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile={jar-dir}/tether.jsa");
        // the java Tether runs on; by default the one running the bench, so that the clients run on it too
        options.put("tether-java", ProcessHandle.current().info().command().orElse("java"));
        options.put("list-accounts", "1000");
        options.put("history-events", "1000");
        options.put("jit-warmup", "240s");
        options.put("mode", "all");
        options.put("verify-events", "1000000");
        options.put("verify-events-per-aggregate", "1000");
        options.put("verify-heap", "64m");
        options.put("credential-accounts", "1000");
        options.put("rows", "all");
        options.put("notice-rate", "");
        options.put("connect-rate", "");
        options.put("read-rate", "");
        options.put("notice-backlog", "2000");
        options.put("scale-accounts", "1000,100000");
        options.put("scale-accounts-per-organization", "100");
        options.put("scale-events-per-account", "20");
        options.put("scale-large-export-events", "200000");
        options.put("scale-clients", "16");
        options.putAll(RefreshRow.defaults());
        options.putAll(PeerRows.defaults());
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (name.equals("help") || !options.containsKey(name) || i + 1 >= args.length) {
                System.err.println("usage: java -jar bench/target/tether-bench.jar " + options.keySet().stream()
                        .map(option -> "[--" + option + " <" + (options.get(option).isEmpty() ? "…" : options.get(option)) + ">]")
                        .reduce((a, b) -> a + " " + b).orElse(""));
                System.exit(name.equals("help") ? 0 : 2);
            }
            options.put(name, args[++i]);
        }
        System.exit(new Benchmark(options).run());
    }

    /**
     * The JVM options Tether is started with, from {@code --tether-jvm-args}: split at spaces, {@code {jar-dir}} standing
     * for the directory of the jar (where the build writes the class archive beside it).
     */
    static List<String> jvmArguments(String option, Path jar) {
        if (option.isBlank()) {
            return List.of();
        }
        String jarDirectory = jar.toAbsolutePath().getParent().toString();
        return Arrays.stream(option.strip().split("\\s+")).map(argument -> argument.replace("{jar-dir}", jarDirectory)).toList();
    }

    private int run() throws Exception {
        Instant startedAt = Instant.now();
        String loadBefore = loadAverage();
        String secret = HexFormat.of().formatHex(randomBytes(32));
        int port = TetherProcess.freePort();
        String externalDb = options.get("external-db");
        try (LwaStandIn lwa = new LwaStandIn(); RefreshRow refreshRow = RefreshRow.of(options, lwa)) {
            refresh = refreshRow;
            List<String> arguments = new ArrayList<>(List.of(
                    // the OAuth completion runs against the LWA stand-in, never Amazon
                    "--tether.amazon.ads.client-id=amzn1.application-oa2-client.bench",
                    "--tether.amazon.ads.client-secret=bench-secret",
                    "--tether.amazon.ads.redirect-uri=http://127.0.0.1:" + port + "/integrations/ads/callback",
                    "--tether.amazon.lwa.token-endpoint-na=" + lwa.tokenEndpoint(),
                    "--tether.amazon.lwa.token-endpoint-eu=" + lwa.tokenEndpoint(),
                    "--tether.amazon.lwa.token-endpoint-fe=" + lwa.tokenEndpoint(),
                    // the OAuth rate limits protect Amazon and users; a load test is neither
                    "--tether.amazon.rate-limits.auth-url-per-organization=100000000",
                    "--tether.amazon.rate-limits.auth-url-per-client=100000000",
                    "--tether.amazon.rate-limits.callback-per-organization=100000000",
                    "--tether.amazon.rate-limits.callback-per-client=100000000",
                    // every load client is one IP and a few principals: the buckets still run, and never refuse
                    "--tether.rate-limits.per-ip=100000000",
                    "--tether.rate-limits.per-principal=100000000",
                    // the notice-latency row's receiver listens on 127.0.0.1
                    "--tether.notices.allow-private-targets=true",
                    // the OAuth completions' account-detail tasks ask the stand-in for the Ads profiles, never Amazon
                    // (unreachable from a bench, they failed and were retried every minute through the later rows)
                    "--tether.providers.amazon-ads.base-url-na=" + lwa.baseUrl(),
                    "--tether.providers.amazon-ads.base-url-eu=" + lwa.baseUrl(),
                    "--tether.providers.amazon-ads.base-url-fe=" + lwa.baseUrl()));
            if (options.get("mode").equals("scale") && externalDb.isBlank()) {
                // the scale rows restart Tether on its store: the embedded PostgreSQL keeps its port
                arguments.add("--tether.embedded-postgres.port=" + TetherProcess.freePort());
            }
            if (refresh != null) {
                arguments.addAll(refresh.tetherArguments());
            }
            if (!externalDb.isBlank()) {
                arguments.add("--spring.datasource.url=" + externalDb);
                arguments.add("--spring.datasource.username=" + options.get("db-user"));
                arguments.add("--spring.datasource.password=" + options.get("db-password"));
            }
            List<String> jvmArguments = jvmArguments(options.get("tether-jvm-args"), Path.of(options.get("jar")));
            System.out.println("Starting Tether (" + options.get("jar") + ", " + (externalDb.isBlank() ? "embedded PostgreSQL"
                    : externalDb) + ", " + options.get("tether-java") + ", JVM options " + String.join(" ", jvmArguments) + ") …");
            try (TetherProcess tether = TetherProcess.start(options.get("tether-java"), Path.of(options.get("jar")), port,
                    secret, arguments, jvmArguments, Duration.ofMinutes(3))) {
                System.out.printf(Locale.ROOT, "Tether ready in %.2f s on port %d (pid %d)%n", tether.startupSeconds,
                        tether.port, tether.pid());
                if (Boolean.parseBoolean(options.get("keep-data"))) {
                    tether.keepData();
                }
                api = new Api(tether.port, secret);
                String jdbcUrl = externalDb.isBlank()
                        ? "jdbc:postgresql://127.0.0.1:" + tether.embeddedPostgresPort() + "/postgres" : externalDb;
                String dbUser = externalDb.isBlank() ? "postgres" : options.get("db-user");
                String dbPassword = externalDb.isBlank() ? tether.embeddedPostgresSuperuserPassword() : options.get("db-password");
                Map<String, Object> extra = new LinkedHashMap<>();
                try (Baselines baselines = new Baselines(jdbcUrl, dbUser, dbPassword)) {
                    if (options.get("mode").equals("verify")) {
                        verifier(tether, jdbcUrl, dbUser, dbPassword, extra);
                    } else if (options.get("mode").equals("peer")) {
                        new PeerRows(api, tether, new PeerRows.TetherCalls() {
                            @Override
                            public String createConnected(String token, Load.Probe probe) throws Exception {
                                return Benchmark.this.createConnected(token, probe);
                            }

                            @Override
                            public Api.Answer readCredentials(String serviceToken, String id) throws Exception {
                                return Benchmark.this.readCredentials(serviceToken, id);
                            }
                        }, options, clientLevels, warmup, duration, this::add, this::note, extra)
                                .run(parseDuration(options.get("jit-warmup")), parseDuration(options.get("peer-jit-warmup")));
                    } else if (options.get("mode").equals("scale")) {
                        new ScaleRows(api, tether, jdbcUrl, dbUser, dbPassword, options, warmup, duration, rows::add,
                                this::note, extra).run(parseDuration(options.get("jit-warmup")));
                    } else {
                        runScenarios(tether, baselines, extra);
                    }
                } catch (Exception e) {
                    System.err.println("The run failed: " + e + "\nTether's log ends with:\n" + tether.logTail(30));
                    throw e;
                }
                double peakRss = tether.peakRssMiB();
                extra.put("load_average_before", loadBefore);
                extra.put("load_average_after", loadAverage());
                note("Load average (1, 5, 15 min) before the run: " + loadBefore + "; after: " + loadAverage()
                        + " on " + Runtime.getRuntime().availableProcessors() + " CPUs; above that, other work shared the "
                        + "machine and the figures are noisy.");
                String damon = damon();
                if (!damon.isEmpty()) {
                    extra.put("damon", damon);
                    note("This machine's kernel runs DAMON (" + damon + "): on the machine of docs/benchmarks.md's "
                            + "twenty-fifth session its kernel thread woke every ~0.54 s under load and ran ~10 ms each "
                            + "time, and the half-peak reads under way then held half of those over 20 ms.");
                }
                print(tether.startupSeconds, peakRss);
                write(startedAt, tether.startupSeconds, peakRss, jdbcUrl, extra);
            }
        }
        System.out.println(Boolean.parseBoolean(options.get("keep-data")) ? "Tether stopped, its data directory kept."
                : "Tether stopped, its temporary data directory deleted.");
        return 0;
    }

    private void runScenarios(TetherProcess tether, Baselines baselines, Map<String, Object> extra) throws Exception {
        // --rows refresh: the token refresh row alone, on a Tether started for it; its seeding is its warm-up
        if (refresh != null) {
            refresh.run(api, baselines, rows::add, this::note, extra);
            return;
        }
        // (0) the JIT's warm-up: on 2 CPUs the JVM's compiler threads stay busy for the first ~3-4 minutes
        // of load (HotSpot's own compile-time counter, read with jcmd), taking CPU from the requests; the
        // scenarios' own short warm-ups cannot cover that, so they would measure a JVM still compiling.
        // Every kind of request the rows send is in the mix: a path first taken in a later row (the GET
        // polls the lag row sent before its reads carried Tether-Min-Position, say) had the compiler busy again
        // for a minute and more inside that row. So is the notices' delivery, which no request takes but the notice
        // row's: an endpoint on a receiver of the bench takes the warm-up's notices, and is deleted after it (before,
        // the notice row began with the delivery's code not yet compiled, and its first seconds waited on that).
        Duration jitWarmup = parseDuration(options.get("jit-warmup"));
        extra.put("jit_warmup_seconds", jitWarmup.toMillis() / 1000.0);
        if (!jitWarmup.isZero()) {
            String token = api.token(UUID.randomUUID());
            boolean oauth = oauthUnavailable(token) == null;
            System.out.printf(Locale.ROOT, "  JIT warm-up: every scenario's requests at 32 clients for %d s …%n",
                    jitWarmup.toSeconds());
            try (NoticeReceiver notices = new NoticeReceiver("account.connected")) {
                String endpoint = noticeEndpoint(token, notices, "bench warm-up");
                Load.Measured warming = Load.closedLoop(32, Duration.ZERO, jitWarmup, (probe, client) -> {
                    String id = create(token, "ADS_API", probe);
                    Api.Answer connect = connect(token, id);
                    probe.record("connect", connect.nanos());
                    api.get("/integrations/accounts/" + id, token, CONSISTENCY_MIN_POSITION, connect.header(POSITION))
                            .expect(200, "read");
                    api.get("/integrations/accounts?limit=50", token).expect(200, "list");
                    api.get("/audit/accounts/" + id + "/events", token).expect(200, "history");
                    api.post("/integrations/accounts/" + id + "/disconnect", token, null).expect(200, "disconnect");
                    if (oauth) {
                        completeOAuth(token, create(token, "ADS_API", null), null);
                    }
                });
                long delivered = warmupDeliveries(notices, warming.operations());
                api.delete("/integrations/webhook-endpoints/" + endpoint, token).expect(204, "notice endpoint deleted");
                note(String.format(Locale.ROOT, "JIT warm-up: %d s at 32 clients of every request the rows send "
                        + "(create, connect, read back with Tether-Min-Position, list, history, disconnect%s; %.1f rounds/s, unmeasured otherwise), "
                        + "each connect's notice delivered to an endpoint of the bench (%d delivered; the endpoint deleted after), before "
                        + "the first row; --jit-warmup 0s measures a JVM still compiling.",
                        jitWarmup.toSeconds(), oauth ? ", OAuth auth-url and callback" : "", warming.throughput(), delivered));
            }
        }

        // --rows reads: issue 28's credential-read rows alone (their half peak is the best read rate of the same run)
        if (options.get("rows").equals("reads")) {
            credentialReads(tether, extra);
            return;
        }

        // (1) create + connect
        double peak = 0;
        Map<Integer, Double> connectRate = new LinkedHashMap<>();
        for (int clients : clientLevels) {
            UUID organization = UUID.randomUUID();
            String token = api.token(organization);
            Load.Measured measured = Load.closedLoop(clients, warmup, duration, (probe, client) -> {
                String id = create(token, "ADS_API", probe);
                Api.Answer connect = connect(token, id);
                probe.record("connect", connect.nanos());
            });
            connectRate.put(clients, measured.throughput());
            peak = Math.max(peak, measured.throughput());
            add("create+connect", clients, measured, "connect", "connects/s");
            report("create+connect", clients, measured);
        }
        extra.put("peak_connects_per_second", peak);

        // baselines, with rows the size of Tether's own events
        int[] sizes = baselines.eventSizes();
        extra.put("raw_append_payload_bytes", sizes[0]);
        extra.put("raw_append_meta_data_bytes", sizes[1]);
        for (int clients : clientLevels) {
            Load.Measured raw = baselines.rawAppend(clients, warmup, duration, sizes[0], sizes[1]);
            add("raw append (baseline)", clients, raw, "op", "inserts/s");
            report("raw append", clients, raw);
        }
        for (int clients : clientLevels) {
            Load.Measured crud = baselines.crudUpdate(clients, warmup, duration);
            add("CRUD update (baseline)", clients, crud, "op", "updates/s");
            report("CRUD update", clients, crud);
        }
        ratios();

        // --rows issue28: only what issue 28's rows need (create+connect and the baselines, for the peak and the ratios);
        // --rows notices: the notice latency alone
        boolean all = options.get("rows").equals("all");
        if (all) {
            // (2) the OAuth completion (the callback, with the token exchange against the LWA stand-in)
            oauth(tether);

            // (3) list queries for an organization with 1,000 accounts
            list(Integer.parseInt(options.get("list-accounts")));

            // (4) projection lag at half of the peak connect throughput
            lag(tether, peak / 2, true, extra);
            // --connect-rate: the same two rows at a fixed pace too, to compare builds whose peaks differ at one load
            if (!options.get("connect-rate").isBlank()) {
                lag(tether, Double.parseDouble(options.get("connect-rate")), false, extra);
            }

            // (6) the audit history of one account with 1,000 events
            history(Integer.parseInt(options.get("history-events")));
        }

        // (7) issue 28: the workers' hot path, the cost of a command, and issue 26's notice latency;
        // --rows cost: the cost rows alone, which a build from before issue 28 (no credential reads' rows) can run
        if (options.get("rows").equals("cost")) {
            commandCost(tether, baselines, extra);
            return;
        }
        if (!options.get("rows").equals("notices")) {
            credentialReads(tether, extra);
            commandCost(tether, baselines, extra);
        }
        // --notice-rate: a fixed pace instead of half the peak, to compare builds on a machine whose peak varies
        noticeLatency(options.get("notice-rate").isBlank() ? peak / 2 : Double.parseDouble(options.get("notice-rate")), extra);

        // (5) read-model rebuild, last, so that it replays every event of the run
        if (all) {
            rebuild(baselines, extra);
        }
    }

    /**
     * Issue 28's credential-access rows: reads spread over {@code --credential-accounts} connected accounts at 1, 8 and
     * 32 clients, each beside the GET rate of the same accounts at the same clients in the same run; all 32 clients on
     * one account; and the latency at half of the credential-read peak.
     */
    private void credentialReads(TetherProcess tether, Map<String, Object> extra) throws Exception {
        UUID organization = UUID.randomUUID();
        String admin = api.token(organization);
        String service = api.token(organization, Api.SERVICE_ROLES);
        int accounts = Integer.parseInt(options.get("credential-accounts"));
        long seedStart = System.nanoTime();
        List<String> ids = seedConnected(admin, accounts);
        System.out.printf(Locale.ROOT, "  seeded %d connected accounts in %.1f s%n", ids.size(), (System.nanoTime() - seedStart) / 1e9);
        String spread = "credential reads, " + accounts + " accounts";
        double peak = 0;
        double spreadAt32 = Double.NaN;
        for (int clients : new int[] {1, 8, 32}) {
            double cpuBeforeReads = tether.cpuSeconds();
            Load.Measured reads = Load.closedLoop(clients, warmup, duration, (probe, client) ->
                    probe.record("read", readCredentials(service, ids.get(ThreadLocalRandom.current().nextInt(ids.size()))).nanos()));
            double cpuBeforeGets = tether.cpuSeconds();
            Load.Measured gets = Load.closedLoop(clients, warmup, duration, (probe, client) -> probe.record("get",
                    api.get("/integrations/accounts/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())), admin)
                            .expect(200, "get").nanos()));
            double cpuPerRead = cpuMillisPerOperation(cpuBeforeGets - cpuBeforeReads, reads);
            double cpuPerGet = cpuMillisPerOperation(tether.cpuSeconds() - cpuBeforeGets, gets);
            extra.put("credential_read_tether_cpu_ms_" + clients + "_clients", cpuPerRead);
            extra.put("get_tether_cpu_ms_" + clients + "_clients", cpuPerGet);
            note(String.format(Locale.ROOT, "At %d clients, Tether's CPU per credential read %.2f ms, per GET %.2f ms (the "
                    + "JVM's user + system time over the row's warm-up and measurement, divided by the operations of both at "
                    + "the measured rate): less sensitive than the rates to other work on the machine.", clients, cpuPerRead,
                    cpuPerGet));
            add(spread, clients, reads, "read", "reads/s");
            add("GET account, " + accounts + " accounts", clients, gets, "get", "gets/s");
            report(spread, clients, reads);
            report("GET account", clients, gets);
            double ratio = reads.throughput() / gets.throughput();
            extra.put("credential_reads_per_get_" + clients + "_clients", ratio);
            note(String.format(Locale.ROOT, "Credential reads over %d accounts at %d clients: %.2f of the GET rate of the "
                    + "same accounts in this run (target at 32 clients: ≥ 0.5).", accounts, clients, ratio));
            peak = Math.max(peak, reads.throughput());
            if (clients == 32) {
                spreadAt32 = reads.throughput();
            }
        }
        String one = ids.get(0);
        Load.Measured hot = Load.closedLoop(32, warmup, duration, (probe, client) ->
                probe.record("read", readCredentials(service, one).nanos()));
        add("credential reads, one account", 32, hot, "read", "reads/s");
        report("credential reads, one account", 32, hot);
        extra.put("credential_reads_one_account_per_spread", hot.throughput() / spreadAt32);
        note(String.format(Locale.ROOT, "Credential reads of one account at 32 clients: %.2f of the rate over %d accounts "
                + "at 32 clients (target ≥ 0.5), %d errors (target: none).", hot.throughput() / spreadAt32, accounts, hot.errors()));
        double half = peak / 2;
        if (half <= 0) {
            note("Credential reads at half peak: skipped, no credential read succeeded.");
            return;
        }
        Instant pacedFrom = Instant.now().plus(warmup);
        pacedReads("credential reads at half peak", half, service, ids);
        logged(tether, "Credential reads at half peak", "reads", "POST /integrations/accounts/[^ ]+/credentials 200",
                pacedFrom, pacedFrom.plus(duration), "credential_reads_half_peak", extra);
        // --read-rate: the same at a fixed pace too, to compare builds whose peaks differ at one load
        if (!options.get("read-rate").isBlank()) {
            pacedReads("credential reads at a fixed rate", Double.parseDouble(options.get("read-rate")), service, ids);
        }
        note("Credential reads: POST /integrations/accounts/{id}/credentials with a service token and a purpose, each "
                + "recorded in the account's credential-read stream; the accounts are Ads accounts connected with a refresh "
                + "token (no access token, so no refresh on access). Half peak: 16 clients paced at half the best of the "
                + "three levels (target p99 ≤ 20 ms).");
    }

    /**
     * Tether's own durations of a paced row's requests, from its request log: the same requests without the bench's
     * client, its JVM and the loopback (they share the machine's CPUs with Tether). {@code request} matches the log
     * line's method, path and status; the figures go to {@code extra} under {@code key}{@code _logged_p50_ms} and so on.
     */
    private void logged(TetherProcess tether, String row, String what, String request, Instant from, Instant to,
                        String key, Map<String, Object> extra) throws IOException {
        List<Long> millis = tether.loggedMillis(Pattern.compile(request), from, to);
        if (millis.isEmpty()) {
            note(row + " in Tether's request log: no line found (another log format?).");
            return;
        }
        Histogram logged = new Histogram(3);
        millis.forEach(value -> logged.recordValue(value * 1000));
        double p50 = ms(logged, 50);
        double p95 = ms(logged, 95);
        double p99 = ms(logged, 99);
        extra.put(key + "_logged_p50_ms", p50);
        extra.put(key + "_logged_p95_ms", p95);
        extra.put(key + "_logged_p99_ms", p99);
        note(String.format(Locale.ROOT, "%s in Tether's request log (%d %s, whole ms from its first filter to its last): "
                + "p50 %.0f / p95 %.0f / p99 %.0f ms; the row's figures are the bench client's, which adds the client, its "
                + "JVM and the loopback.", row, millis.size(), what, p50, p95, p99));
    }

    /** Credential reads of the accounts at random by 16 clients paced at {@code rate}: a row named with its rate. */
    private void pacedReads(String name, double rate, String service, List<String> ids) throws Exception {
        Load.Measured paced = Load.paced(16, rate, warmup, duration, (probe, client) ->
                probe.record("read", readCredentials(service, ids.get(ThreadLocalRandom.current().nextInt(ids.size()))).nanos()));
        add(String.format(Locale.ROOT, "%s @ %.0f/s", name, rate), 16, paced, "read", "reads/s");
        report(name, 16, paced);
    }

    /** CPU seconds over a closed-loop row (warm-up included) per operation, the warm-up's counted at the measured rate. */
    private double cpuMillisPerOperation(double cpuSeconds, Load.Measured measured) {
        double operations = measured.throughput() * (warmup.toNanos() + duration.toNanos()) / 1e9;
        return operations > 0 ? cpuSeconds * 1000 / operations : Double.NaN;
    }

    private Api.Answer readCredentials(String serviceToken, String id) throws Exception {
        return api.post("/integrations/accounts/" + id + "/credentials", serviceToken, "{\"purpose\":\"bench sync\"}")
                .expect(200, "credential read");
    }

    /** Creates and connects this many accounts, 16 at a time. */
    private List<String> seedConnected(String token, int accounts) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong left = new AtomicLong(accounts);
        Load.inParallel(16, "bench-seed", () -> {
            while (left.getAndDecrement() > 0) {
                ids.add(seeded(token));
            }
        });
        return new ArrayList<>(ids);
    }

    /**
     * One seeded account; a 503 (the pool ran dry on a machine busy with other work) is tried again, up to five times:
     * seeding is not measured, and an account that was stored after all only adds one to the seeded ones.
     */
    private String seeded(String token) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return createConnected(token, null);
            } catch (IllegalStateException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("HTTP 503")) {
                    throw e;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    /** An Ads account created with its credentials in one request (issue 28's create with credentials). */
    private String createConnected(String token, Load.Probe probe) throws Exception {
        String body = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":\"bench "
                + names.incrementAndGet() + "\",\"region\":\"EU\",\"credentials\":{\"refresh_token\":\"Atzr|bench-"
                + names.incrementAndGet() + "\",\"profile_id\":\"123456\"},\"verify\":false}";
        Api.Answer created = api.post("/integrations/accounts", token, body).expect(201, "create with credentials");
        if (probe != null) {
            probe.record("create", created.nanos());
        }
        return created.json().path("id").asText();
    }

    /** Whether {@code POST /integrations/accounts} with {@code credentials} stores a connected account in this build. */
    private boolean createsWithCredentials() throws Exception {
        String token = api.token(UUID.randomUUID());
        String body = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":\"bench probe\","
                + "\"region\":\"EU\",\"credentials\":{\"refresh_token\":\"Atzr|bench-probe\",\"profile_id\":\"123456\"},"
                + "\"verify\":false}";
        Api.Answer created = api.post("/integrations/accounts", token, body);
        return created.status() == 201 && "CONNECTED".equalsIgnoreCase(created.json().path("status").asText());
    }

    /**
     * Issue 28's cost of a command: at 32 clients, per stored connection, Tether's CPU time (its JVM's, from /proc),
     * PostgreSQL's commits and row writes by table (deltas of pg_stat_database and pg_stat_user_tables), for create +
     * connect (two requests) and for create with credentials (one request), each beside the raw-append rate.
     */
    private void commandCost(TetherProcess tether, Baselines baselines, Map<String, Object> extra) throws Exception {
        double raw = throughputOf("raw append (baseline)", 32);
        awaitNoScheduledWork(baselines);
        double atRest = commitsPerSecondAtRest(baselines);
        extra.put("commits_per_second_at_rest", atRest);
        for (boolean oneRequest : new boolean[] {false, true}) {
            String scenario = oneRequest ? "create with credentials, cost" : "create+connect, cost";
            if (oneRequest && !createsWithCredentials()) {
                note("create with credentials, cost: skipped, this build's API does not create an account with its "
                        + "credentials in one request (a build from before issue 28).");
                continue;
            }
            String token = api.token(UUID.randomUUID());
            String scheduled = awaitNoScheduledWork(baselines);
            Baselines.Activity before = baselines.activity();
            double cpuBefore = tether.cpuSeconds();
            Load.Measured measured = Load.closedLoop(32, Duration.ZERO, duration, (probe, client) -> {
                if (oneRequest) {
                    createConnected(token, probe);
                } else {
                    String id = create(token, "ADS_API", probe);
                    probe.record("connect", connect(token, id).nanos());
                }
            });
            double cpu = tether.cpuSeconds() - cpuBefore;
            Thread.sleep(STATISTICS_PAUSE.toMillis());
            Baselines.Activity delta = baselines.activity().since(before);
            double pairs = Math.max(1, measured.operations());
            Histogram latency = measured.timer(oneRequest ? "create" : "connect");
            rows.add(new Row(scenario, 32, measured.throughput(), "pairs/s", ms(latency, 50), ms(latency, 95),
                    ms(latency, 99), measured.operations(), measured.errors(), measured.throughput() / raw, Double.NaN,
                    measured.machineIdlePercent()));
            report(scenario, 32, measured);
            StringBuilder byTable = new StringBuilder();
            delta.tables().entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1] + b.getValue()[2],
                            a.getValue()[0] + a.getValue()[1] + a.getValue()[2]))
                    .forEach(entry -> byTable.append(String.format(Locale.ROOT, "%s%s %.2f/%.2f/%.2f",
                            byTable.isEmpty() ? "" : ", ", entry.getKey(), entry.getValue()[0] / pairs,
                            entry.getValue()[1] / pairs, entry.getValue()[2] / pairs)));
            String key = oneRequest ? "create_with_credentials" : "create_connect";
            extra.put(key + "_tether_cpu_ms_per_pair", cpu * 1000 / pairs);
            extra.put(key + "_commits_per_pair", delta.commits() / pairs);
            extra.put(key + "_row_writes_per_pair", delta.rowWrites() / pairs);
            // the node's background over the row and its pause, per pair: what the rate alone moves in the commits
            double background = atRest * duration.plus(STATISTICS_PAUSE).toMillis() / 1000.0 / pairs;
            note(String.format(Locale.ROOT, "%s at 32 clients, per stored connection (%d in %.1f s): Tether CPU %.2f ms; "
                    + "PostgreSQL %.2f commits (target ≤ 3) and %.2f row writes; by table (inserted/updated/deleted): %s. "
                    + "Counted from before the first request to after the last answer, so up to 32 requests in flight at the "
                    + "edges are in the totals but not in the count; the commits include those of the read models, the "
                    + "notices and the bench's own statistics queries. At rest before the rows the node committed %.1f "
                    + "times a second, %.2f per pair over this row and its pause. %s", scenario, measured.operations(),
                    duration.toMillis() / 1000.0, cpu * 1000 / pairs, delta.commits() / pairs, delta.rowWrites() / pairs,
                    byTable, atRest, background, scheduled));
        }
    }

    /**
     * The commits of an idle node (its processors' claims, the looks for new events, the notice loop, the pool's
     * connection checks), over 20 s with no request: long enough that the statistics a backend reports late at either
     * edge even out.
     */
    private static double commitsPerSecondAtRest(Baselines baselines) throws Exception {
        Baselines.Activity before = baselines.activity();
        long started = System.nanoTime();
        Thread.sleep(20_000);
        Baselines.Activity delta = baselines.activity().since(before);
        return delta.commits() / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * Waits, up to three minutes, until no db-scheduler execution is picked or due before the end of the row to come (its
     * load, and the pause before its statistics are read): the OAuth flows of the JIT warm-up leave account-detail tasks,
     * each pick and completion a commit of its own, which are Tether's work but not the row's. A recurring task's
     * execution is waited for until it has run once ({@link ScheduledExecution#notYetRun}), not until its next run is
     * out of the window. Answers what it waited for, for the row's note; work the row's own requests schedule still
     * counts.
     */
    private String awaitNoScheduledWork(Baselines baselines) throws Exception {
        Duration ahead = duration.plusSeconds(15);
        long started = System.nanoTime();
        Map<String, Instant> firstDue = new HashMap<>();
        List<ScheduledExecution> first = ScheduledExecution.notYetRun(baselines.scheduledWork(ahead), firstDue);
        List<ScheduledExecution> left = first;
        while (!left.isEmpty() && System.nanoTime() - started < Duration.ofMinutes(3).toNanos()) {
            Thread.sleep(500);
            left = ScheduledExecution.notYetRun(baselines.scheduledWork(ahead), firstDue);
        }
        double waited = (System.nanoTime() - started) / 1e9;
        if (first.isEmpty()) {
            return "No db-scheduler execution was picked or due before the row.";
        }
        return String.format(Locale.ROOT, "Before the row, %.1f s waiting for the db-scheduler executions picked or due "
                + "then (%s) to be done%s.", waited, ScheduledExecution.byTask(first),
                left.isEmpty() ? "" : "; still there after three minutes: " + ScheduledExecution.byTask(left));
    }

    /** Registers an endpoint at the receiver for its notices of {@code account.connected}; answers its id. */
    private String noticeEndpoint(String token, NoticeReceiver receiver, String description) throws IOException {
        return api.post("/integrations/webhook-endpoints", token, "{\"url\":\"" + receiver.url()
                        + "\",\"notice_types\":[\"account.connected\"],\"description\":\"" + description + "\"}")
                .expect(201, "notice endpoint").json().path("id").asText();
    }

    /** Waits (up to 30 s) until the warm-up's notices have reached the receiver, so that none is delivered in a row; answers how many did. */
    private static long warmupDeliveries(NoticeReceiver receiver, long connects) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.deliveries() < connects && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return receiver.deliveries();
    }

    /**
     * Issue 26's notice latency: a notice endpoint at a receiver on 127.0.0.1, create + connect paced at half of the
     * peak, the time from each connect's answer to its {@code account.connected} notice reaching the receiver.
     */
    private void noticeLatency(double rate, Map<String, Object> extra) throws Exception {
        if (rate <= 0) {
            note("Notice latency: skipped, no connect throughput was measured.");
            return;
        }
        try (NoticeReceiver receiver = new NoticeReceiver("account.connected")) {
            String token = api.token(UUID.randomUUID());
            Instant endpointCreated = Instant.now();
            String endpoint = noticeEndpoint(token, receiver, "bench receiver");
            Map<String, Long> answered = new java.util.concurrent.ConcurrentHashMap<>();
            long deliveriesBefore = receiver.deliveries();
            long started = System.nanoTime();
            Load.Measured measured = Load.paced(16, rate, warmup, duration, (probe, client) -> {
                String id = create(token, "ADS_API", null);
                connect(token, id);
                if (probe.measuring()) {
                    answered.put(id, System.nanoTime());
                }
            });
            long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < drainUntil && answered.keySet().stream().anyMatch(id -> receiver.arrivalOf(id) == null)) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Histogram latency = new Histogram(3);
            long missing = 0;
            for (Map.Entry<String, Long> entry : answered.entrySet()) {
                Long arrived = receiver.arrivalOf(entry.getKey());
                if (arrived == null) {
                    missing++;
                } else {
                    latency.recordValue(Math.max(1, (arrived - entry.getValue()) / 1000));
                }
            }
            double deliveriesPerSecond = (receiver.deliveries() - deliveriesBefore) / seconds;
            String pace = options.get("notice-rate").isBlank() ? "half peak" : "a fixed rate";
            rows.add(new Row(String.format(Locale.ROOT, "notice latency at %s @ %.0f/s", pace, rate), 16,
                    deliveriesPerSecond, "deliveries/s", ms(latency, 50), ms(latency, 95), ms(latency, 99),
                    latency.getTotalCount(), missing + measured.errors(), Double.NaN, Double.NaN,
                    measured.machineIdlePercent()));
            extra.put("notice_latency_p99_ms", ms(latency, 99));
            note(String.format(Locale.ROOT, "Notice latency: create + connect paced at %.1f/s (%s) by 16 clients, "
                    + "one endpoint on a receiver at 127.0.0.1 for account.connected; the latency is from the connect's "
                    + "answer to its notice's arrival (target p99 ≤ 250 ms); deliveries/s over the row and its drain; %d "
                    + "notices had not arrived 30 s after the load.", rate,
                    options.get("notice-rate").isBlank() ? "half the peak" : "--notice-rate", missing));
            noticeDrain(receiver, token, endpoint, endpointCreated, extra);
        }
    }

    /**
     * The delivery's capacity to one endpoint: {@code --notice-backlog} more connects at full speed (their notices
     * delivered as they come), then every delivery to the endpoint replayed at once through the API (all pending, due
     * now, in their first order): deliveries/s from the replay's answer until the receiver got them all.
     */
    private void noticeDrain(NoticeReceiver receiver, String token, String endpoint, Instant since, Map<String, Object> extra)
            throws Exception {
        int backlog = Integer.parseInt(options.get("notice-backlog"));
        if (backlog <= 0) {
            return;
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(backlog);
        AtomicLong refused = new AtomicLong();
        Load.inParallel(8, "bench-backlog", () -> {
            while (left.getAndDecrement() > 0) {
                try {
                    connect(token, create(token, "ADS_API", null));
                } catch (IllegalStateException e) {
                    // a loaded machine's 503: this connect is not made; the drain replays what was
                    refused.incrementAndGet();
                    Load.sleepNanos(5_000_000);
                }
            }
        });
        long settleUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long before;
        do {
            before = receiver.deliveries();
            Thread.sleep(1_000);
        } while (receiver.deliveries() != before && System.nanoTime() < settleUntil);
        Instant until = Instant.now().plusSeconds(60);
        long started = System.nanoTime();
        int replayed = api.post("/integrations/webhook-endpoints/" + endpoint + "/replay", token,
                        "{\"since\":\"" + since.minusSeconds(60) + "\",\"until\":\"" + until + "\"}")
                .expect(202, "replay").json().path("deliveries").asInt();
        long drainUntil = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (receiver.deliveries() - before < replayed && System.nanoTime() < drainUntil) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long drained = receiver.deliveries() - before;
        rows.add(new Row(String.format(Locale.ROOT, "notice drain, %d pending at one endpoint", replayed), 1,
                drained / seconds, "deliveries/s", Double.NaN, Double.NaN, Double.NaN, drained, Math.max(0, replayed - drained),
                Double.NaN, Double.NaN));
        extra.put("notice_drain_deliveries_per_second", drained / seconds);
        note(String.format(Locale.ROOT, "Notice drain: %d more connects at full speed by 8 clients (%d refused), then every "
                + "delivery to the endpoint (%d) replayed at once through the API: %d reached the receiver in %.2f s after the "
                + "replay's answer, %.1f deliveries/s (the delivery's capacity to one endpoint on loopback).", backlog,
                refused.get(), replayed, drained, seconds, drained / seconds));
    }

    /** {@code --mode verify}: the auditor's verifier over {@code --verify-events} events, in its own small heap. */
    private void verifier(TetherProcess tether, String jdbcUrl, String user, String password, Map<String, Object> extra)
            throws Exception {
        long events = Long.parseLong(options.get("verify-events"));
        System.out.printf(Locale.ROOT, "  Verifier: seeding %,d events …%n", events);
        VerifierRow.Measured measured = VerifierRow.run(api, tether, Path.of(options.get("jar")), jdbcUrl, user, password,
                events, Integer.parseInt(options.get("verify-events-per-aggregate")), options.get("verify-heap"));
        rows.add(new Row("verify " + measured.events() + " events against a digest (-Xmx" + measured.heap() + ")", 1,
                measured.events() / measured.verifySeconds(), "events/s", Double.NaN, Double.NaN, Double.NaN,
                measured.events(), 0, Double.NaN, Double.NaN));
        extra.put("verifier_seconds", measured.verifySeconds());
        extra.put("verifier_peak_heap_mib", measured.peakHeapMiB());
        extra.put("verifier_peak_live_mib", measured.peakLiveMiB());
        extra.put("verifier_heap_limit", measured.heap());
        note(String.format(Locale.ROOT, "Verifier: %,d events in %,d accounts (copies of one account's history made "
                        + "through the API, chains recomputed; seeded in %.1f s), verified by java -Xmx%s -jar tether.jar "
                        + "verify in %.1f s (its JVM's start included); peak heap %.0f MiB before a collection, %.0f MiB "
                        + "after one (GC log; 0: no collection was needed). It said: %s", measured.events(),
                measured.aggregates(), measured.seedSeconds(), measured.heap(), measured.verifySeconds(),
                measured.peakHeapMiB(), measured.peakLiveMiB(), measured.verdict()));
    }

    private String create(String token, String type, Load.Probe probe) throws Exception {
        String body = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"" + type + "\",\"account_name\":\"bench "
                + names.incrementAndGet() + "\",\"region\":\"EU\"}";
        Api.Answer created = api.post("/integrations/accounts", token, body).expect(201, "create");
        if (probe != null) {
            probe.record("create", created.nanos());
        }
        return created.json().path("id").asText();
    }

    private Api.Answer connect(String token, String id) throws Exception {
        return api.post("/integrations/accounts/" + id + "/connect", token,
                "{\"credentials\":{\"refresh_token\":\"Atzr|bench-" + names.incrementAndGet()
                        + "\",\"profile_id\":\"123456\"},\"verify\":false}")
                .expect(200, "connect");
    }

    private void oauth(TetherProcess tether) throws Exception {
        UUID organization = UUID.randomUUID();
        String token = api.token(organization);
        String unavailable = oauthUnavailable(token);
        if (unavailable != null) {
            note("OAuth completion: skipped, " + unavailable);
            return;
        }
        for (int clients : clientLevels) {
            Load.Measured measured = Load.closedLoop(clients, warmup, duration,
                    (p, client) -> completeOAuth(token, create(token, "ADS_API", null), p));
            add("OAuth completion (callback)", clients, measured, "callback", "completions/s");
            report("OAuth completion", clients, measured);
        }
        note("OAuth completion: each operation is create + GET auth-url + GET callback; the latency is the callback's "
                + "(state check, code exchange with the LWA stand-in on 127.0.0.1, sealing, command).");
    }

    /** Why the OAuth flow cannot be driven (its endpoint missing or refusing), or null when it can. */
    private String oauthUnavailable(String token) throws Exception {
        String probeAccount = create(token, "ADS_API", null);
        Api.Answer probe = api.get("/integrations/ads/auth-url?accountId=" + probeAccount, token);
        if (probe.status() == 404 && !probe.body().contains("account_not_found")) {
            return "GET /integrations/ads/auth-url is not there yet (HTTP 404).";
        }
        if (probe.status() != 200) {
            return "GET /integrations/ads/auth-url answered HTTP " + probe.status() + " " + probe.shortBody();
        }
        return null;
    }

    /** Starts the Amazon Ads flow for the account and completes it through the callback; times both on the probe. */
    private void completeOAuth(String token, String accountId, Load.Probe probe) throws Exception {
        Api.Answer started = api.get("/integrations/ads/auth-url?accountId=" + accountId, token).expect(200, "auth-url");
        String state = queryParameter(started.json().path("authorization_url").asText(), "state");
        Api.Answer callback = api.get("/integrations/ads/callback?code=bench-code&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8), null).expect(200, "callback");
        if (probe != null) {
            probe.record("auth-url", started.nanos());
            probe.record("callback", callback.nanos());
        }
    }

    private void list(int accounts) throws Exception {
        UUID organization = UUID.randomUUID();
        String token = api.token(organization);
        AtomicLong created = new AtomicLong();
        AtomicLong lastPosition = new AtomicLong(-1);
        List<Thread> seeders = new ArrayList<>();
        long seedStart = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            Thread seeder = new Thread(() -> {
                try {
                    while (created.incrementAndGet() <= accounts) {
                        String body = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":\"list "
                                + names.incrementAndGet() + "\",\"region\":\"EU\"}";
                        Api.Answer answer = api.post("/integrations/accounts", token, body).expect(201, "create");
                        String position = answer.header(POSITION);
                        if (position != null) {
                            lastPosition.accumulateAndGet(Long.parseLong(position), Math::max);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            seeders.add(seeder);
            seeder.start();
        }
        for (Thread seeder : seeders) {
            seeder.join();
        }
        api.get("/integrations/accounts?limit=1", token, CONSISTENCY_MIN_POSITION, String.valueOf(lastPosition.get()));
        long counted = countAccounts(token);
        note(String.format(Locale.ROOT, "List: the organization holds %d accounts (seeded by 8 clients in %.1f s).",
                counted, (System.nanoTime() - seedStart) / 1e9));
        for (int limit : new int[] {50, 200}) {
            for (int clients : new int[] {1, 8}) {
                Load.Measured measured = Load.closedLoop(clients, warmup, duration, (probe, client) -> {
                    Api.Answer page = api.get("/integrations/accounts?limit=" + limit, token).expect(200, "list");
                    probe.record("list", page.nanos());
                });
                add("list " + accounts + " accounts, limit=" + limit, clients, measured, "list", "queries/s");
                report("list limit=" + limit, clients, measured);
            }
        }
    }

    private long countAccounts(String token) throws Exception {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = api.get("/integrations/accounts?limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token)
                    .expect(200, "list").json();
            count += page.path("items").size();
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return count;
    }

    /** The connect rows paced at {@code rate}: half the peak, or the fixed rate given by --connect-rate. */
    private void lag(TetherProcess tether, double rate, boolean halfPeak, Map<String, Object> extra) throws Exception {
        if (rate <= 0) {
            note("Projection lag: skipped, no connect throughput was measured.");
            return;
        }
        String pace = halfPeak ? "half peak" : "a fixed rate";
        String key = halfPeak ? "connect_half_peak" : "connect_fixed_rate";
        UUID organization = UUID.randomUUID();
        String token = api.token(organization);
        int clients = 16;
        String at = String.format(Locale.ROOT, " @ %.0f/s", rate);
        // The same paced load without the polls first: the connect latency at half of the peak, nothing added.
        String connects = "POST /integrations/accounts/[^ ]+/connect 200";
        Instant aloneFrom = Instant.now().plus(warmup);
        Load.Measured alone = Load.paced(clients, rate, warmup, duration, (probe, client) -> {
            String id = create(token, "ADS_API", probe);
            probe.record("connect", connect(token, id).nanos());
        });
        add("connect at " + pace + ", no reads" + at, clients, alone, "connect", "connects/s");
        report("connect at " + pace + ", no reads", clients, alone);
        logged(tether, "Connects at " + pace + ", no reads", "connects", connects, aloneFrom, aloneFrom.plus(duration),
                key + "_no_reads", extra);
        Instant withReadsFrom = Instant.now().plus(warmup);
        Load.Measured measured = Load.paced(clients, rate, warmup, duration, (probe, client) -> {
            String id = create(token, "ADS_API", probe);
            Api.Answer connect = connect(token, id);
            long answered = System.nanoTime();
            probe.record("connect", connect.nanos());
            Api.Answer read = api.get("/integrations/accounts/" + id, token,
                    CONSISTENCY_MIN_POSITION, connect.header(POSITION)).expect(200, "read after connect");
            if (!"caught-up".equals(read.header(CONSISTENCY))
                    || !"CONNECTED".equals(read.json().path("status").asText())) {
                throw new IllegalStateException("account " + id + " read " + read.header(CONSISTENCY)
                        + " as " + read.json().path("status").asText() + " after its connect");
            }
            probe.record("lag", System.nanoTime() - answered);
        });
        add("connect at " + pace + ", with reads" + at, clients, measured, "connect", "connects/s");
        add("projection lag" + (halfPeak ? "" : " at a fixed rate") + at, clients, measured, "lag", "connects/s");
        report("projection lag" + (halfPeak ? "" : " at a fixed rate"), clients, measured);
        logged(tether, "Connects at " + pace + ", with reads", "connects", connects, withReadsFrom,
                withReadsFrom.plus(duration), key + "_with_reads", extra);
        if (!halfPeak) {
            return;
        }
        note(String.format(Locale.ROOT, "Projection lag: paced at %.1f create+connect/s (half the peak) by %d clients; "
                + "after each connect the client reads GET /integrations/accounts/{id} with Tether-Min-Position set to the "
                + "connect's Tether-Position, which Tether answers once the accounts read model has the change (checked: "
                + "caught-up and CONNECTED). The lag is the time from the connect's answer to that read's answer, one "
                + "round trip included; the reads are the load the row adds (the row before it, \"no reads\", is the "
                + "same paced load without them).", rate, clients));
    }

    private void history(int events) throws Exception {
        UUID organization = UUID.randomUUID();
        String token = api.token(organization);
        String id = create(token, "ADS_API", null);
        Histogram commands = new Histogram(3);
        long started = System.nanoTime();
        for (int i = 0; i < events / 2; i++) {
            commands.recordValue(Math.max(1, connect(token, id).nanos() / 1000));
            commands.recordValue(Math.max(1, api.post("/integrations/accounts/" + id + "/disconnect", token, null)
                    .expect(200, "disconnect").nanos() / 1000));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        rows.add(new Row("connect/disconnect one account to " + events + " events", 1, events / seconds, "commands/s",
                ms(commands, 50), ms(commands, 95), ms(commands, 99), commands.getTotalCount(), 0, Double.NaN, Double.NaN));
        int[] size = new int[1];
        Load.Measured measured = Load.closedLoop(1, warmup, duration, (probe, client) -> {
            Api.Answer history = api.get("/audit/accounts/" + id + "/events", token).expect(200, "history");
            probe.record("history", history.nanos());
            size[0] = history.json().path("events").size();
        });
        add("audit history of " + events + " events", 1, measured, "history", "reads/s");
        report("audit history", 1, measured);
        note("Audit history: the account has " + (events + 1) + " events (create + " + events
                + " connect/disconnect); GET /audit/accounts/{id}/events answered " + size[0] + " events.");
    }

    private void rebuild(Baselines baselines, Map<String, Object> extra) throws Exception {
        String token = api.token(UUID.randomUUID());
        Api.Answer all = api.get("/admin/projections", token).expect(200, "projections");
        String name = null;
        for (JsonNode projection : all.json()) {
            String candidate = projection.path("name").asText();
            if (candidate.equals("integration-accounts") || (name == null && candidate.contains("account"))) {
                name = candidate;
            }
        }
        if (name == null) {
            note("Rebuild: skipped, no accounts projection among " + all.shortBody());
            return;
        }
        long events = baselines.count("SELECT COUNT(*) FROM domain_event_entry");
        List<String> behind = new ArrayList<>();
        for (JsonNode projection : all.json()) {
            if (!projection.path("caught_up").asBoolean(true)) {
                behind.add(projection.path("name").asText() + " " + (projection.path("head_position").asLong()
                        - projection.path("position").asLong()) + " events behind");
            }
        }
        // One replay as the warm-up, as every other scenario has one; the second is measured.
        replayUntilCaughtUp(name, token);
        long started = System.nanoTime();
        JsonNode status;
        Baselines.AutovacuumWatch autovacuum = baselines.watchAutovacuum(Duration.ofMillis(100));
        try (autovacuum) {
            status = replayUntilCaughtUp(name, token);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        note(String.format(Locale.ROOT, "Rebuild: %s replayed twice, the second measured (%.2f s). When the row began, %s. "
                        + "PostgreSQL's autovacuum during the measured replay (%d looks, one every 100 ms): %s.", name, seconds,
                behind.isEmpty() ? "every processor had caught up" : "still catching up: " + String.join(", ", behind),
                autovacuum.looks(), autovacuum.seen().isEmpty() ? "none seen" : autovacuum.seen().entrySet().stream()
                        .map(seen -> seen.getKey() + " (" + seen.getValue() + ")").collect(Collectors.joining(", "))));
        rows.add(new Row("rebuild " + name + " from " + events + " events", 1, events / seconds, "events/s",
                Double.NaN, Double.NaN, Double.NaN, events, status.path("errors").size(), Double.NaN, Double.NaN));
        System.out.printf(Locale.ROOT, "  rebuild: %d events in %.2f s%n", events, seconds);
        extra.put("rebuild_seconds", seconds);
        extra.put("rebuild_events", events);
    }

    private JsonNode replayUntilCaughtUp(String name, String token) throws Exception {
        return api.replay(name, token, Duration.ofMinutes(5));
    }

    private void ratios() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (!row.scenario().equals("create+connect")) {
                continue;
            }
            double raw = throughputOf("raw append (baseline)", row.clients());
            double crud = throughputOf("CRUD update (baseline)", row.clients());
            rows.set(i, new Row(row.scenario(), row.clients(), row.throughput(), row.unit(), row.p50(), row.p95(),
                    row.p99(), row.operations(), row.errors(), row.throughput() / raw, row.throughput() / crud,
                    row.idlePercent()));
        }
    }

    private double throughputOf(String scenario, int clients) {
        return rows.stream().filter(row -> row.scenario().equals(scenario) && row.clients() == clients)
                .mapToDouble(Row::throughput).findFirst().orElse(Double.NaN);
    }

    private void add(String scenario, int clients, Load.Measured measured, String timer, String unit) {
        Histogram histogram = measured.timer(timer);
        rows.add(new Row(scenario, clients, measured.throughput(), unit, ms(histogram, 50), ms(histogram, 95),
                ms(histogram, 99), measured.operations(), measured.errors(), Double.NaN, Double.NaN,
                measured.machineIdlePercent()));
        if (measured.errors() > 0) {
            note(scenario + " at " + clients + " clients: " + measured.errors() + " errors, the first: " + measured.firstError());
        }
    }

    private static void report(String scenario, int clients, Load.Measured measured) {
        System.out.printf(Locale.ROOT, "  %s, %d clients: %.1f ops/s%s%n", scenario, clients, measured.throughput(),
                measured.errors() > 0 ? " (" + measured.errors() + " errors: " + measured.firstError() + ")" : "");
    }

    private void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private void print(double startupSeconds, double peakRss) {
        String format = "%-52s %7s %10s %-14s %8s %8s %8s %8s %8s %7s%n";
        System.out.println();
        System.out.printf(Locale.ROOT, format, "scenario", "clients", "throughput", "unit", "p50 ms", "p95 ms", "p99 ms",
                "÷raw", "÷CRUD", "idle %");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, format, row.scenario(), row.clients(), fixed(row.throughput(), 1), row.unit(),
                    fixed(row.p50(), 2), fixed(row.p95(), 2), fixed(row.p99(), 2), fixed(row.ratioRaw(), 3),
                    fixed(row.ratioCrud(), 3), fixed(row.idlePercent(), 1));
        }
        System.out.println("idle %: the machine's CPUs idle over the row's measured time (all of its processes; /proc/stat).");
        System.out.printf(Locale.ROOT, "%nstartup (start to /actuator/health UP): %.2f s%n", startupSeconds);
        System.out.printf(Locale.ROOT, "peak RSS of the Tether JVM (VmHWM, embedded PostgreSQL not included): %.0f MiB%n",
                peakRss);
        System.out.println("warm-up " + warmup.toMillis() / 1000.0 + " s and " + duration.toMillis() / 1000.0
                + " s measured per row; create+connect counts one create and one connect as one operation, "
                + "latency is the connect request's.");
        notes.forEach(note -> System.out.println("- " + note));
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private void write(Instant startedAt, double startupSeconds, double peakRss, String jdbcUrl, Map<String, Object> extra)
            throws Exception {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("started_at", startedAt.toString());
        root.put("finished_at", Instant.now().toString());
        root.put("database", jdbcUrl);
        root.put("warmup_seconds", warmup.toMillis() / 1000.0);
        root.put("duration_seconds", duration.toMillis() / 1000.0);
        root.put("available_processors", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        root.put("tether_java", options.get("tether-java"));
        root.put("tether_jvm_args", options.get("tether-jvm-args"));
        root.put("startup_seconds", startupSeconds);
        root.put("peak_rss_mib", peakRss);
        extra.forEach((key, value) -> root.set(key, Api.JSON.valueToTree(value)));
        ArrayNode table = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode line = table.addObject();
            line.put("scenario", row.scenario());
            line.put("clients", row.clients());
            number(line, "throughput", row.throughput());
            line.put("unit", row.unit());
            number(line, "p50_ms", row.p50());
            number(line, "p95_ms", row.p95());
            number(line, "p99_ms", row.p99());
            line.put("operations", row.operations());
            line.put("errors", row.errors());
            number(line, "ratio_raw_append", row.ratioRaw());
            number(line, "ratio_crud", row.ratioCrud());
            number(line, "machine_idle_percent", row.idlePercent());
        }
        ArrayNode noteArray = root.putArray("notes");
        notes.forEach(noteArray::add);
        Path out = Path.of(options.get("out"));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Api.JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("written to " + out);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 1000) / 1000.0);
        }
    }

    static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + url);
    }

    /**
     * The kernel's data access monitors (DAMON) running on this machine, described from their sysfs settings (what
     * they watch, how often they sample, what their schemes do); empty when none runs or the kernel has none.
     */
    static String damon() {
        return damon(Path.of("/sys/kernel/mm/damon/admin/kdamonds"));
    }

    static String damon(Path kdamonds) {
        List<String> running = new ArrayList<>();
        try (var entries = Files.list(kdamonds)) {
            for (Path kdamond : entries.filter(Files::isDirectory).sorted().toList()) {
                if (!"on".equals(sysfs(kdamond.resolve("state")))) {
                    continue;
                }
                Path context = kdamond.resolve("contexts/0");
                String sample = sysfs(context.resolve("monitoring_attrs/intervals/sample_us"));
                String action = sysfs(context.resolve("schemes/0/action"));
                running.add("kdamond " + kdamond.getFileName() + ": " + sysfs(context.resolve("operations"))
                        + " monitoring, sampling every " + (sample.isEmpty() ? "?" : Long.parseLong(sample) / 1000) + " ms"
                        + (action.isEmpty() ? "" : ", scheme " + action));
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return String.join("; ", running);
    }

    private static String sysfs(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }
}
