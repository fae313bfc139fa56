package io.tether.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;

/**
 * Issue 28's peer to beat ({@code --mode peer}): Tether beside Nango (the open-source integrations service), both on
 * the same PostgreSQL server (Tether with {@code --external-db}, Nango started beforehand at {@code --peer-url} with
 * its own database on that server), rows alternated in one run at each of {@code --clients}:
 * <ul>
 * <li>storing a new connection with its credentials: Tether's {@code POST /integrations/accounts} with
 * {@code credentials} (one request) against Nango's {@code POST /connections} with OAuth2 credentials (one request);</li>
 * <li>credential reads spread over {@code --peer-connections} (64) connections: Tether's
 * {@code POST /integrations/accounts/{id}/credentials} with a service token against Nango's
 * {@code GET /connections/{id}?provider_config_key=…} with the environment's secret key (which answers the
 * credentials);</li>
 * <li>all clients reading one connection.</li>
 * </ul>
 * Each pair is measured back to back, the side that goes first alternating from pair to pair, and printed with the
 * ratio Tether ÷ Nango and both sides' errors. No token expires during a run (Tether's accounts hold a refresh token
 * and no access token; Nango's connections an access token expiring in 2099), so neither side refreshes.
 */
final class PeerRows {

    /** The bench's own Tether requests the rows send (the same as the credential-read and cost rows'). */
    interface TetherCalls {
        String createConnected(String token, Load.Probe probe) throws Exception;

        Api.Answer readCredentials(String serviceToken, String id) throws Exception;
    }

    /** Where a measured row goes: the bench's table (with a note on its errors). */
    interface RowSink {
        void add(String scenario, int clients, Load.Measured measured, String timer, String unit);
    }

    /** One side of a pair: its name, what it runs, and where its CPU time is read (NaN where it cannot be). */
    private record Side(String name, Load.Operation operation, DoubleSupplier cpuSeconds) {
    }

    /** One measured side of a pair, with its CPU time per operation. */
    private record Measured(Load.Measured load, double cpuMillisPerOperation) {
    }

    private static final String NANGO_EXPIRES_AT = "2099-01-01T00:00:00Z";

    private final Api tether;
    private final TetherProcess tetherProcess;
    private final TetherCalls calls;
    private final Api nango;
    private final String nangoKey;
    private final String integration;
    private final long nangoPid;
    private final int connections;
    private final int[] clientLevels;
    private final Duration warmup;
    private final Duration duration;
    private final RowSink rows;
    private final Consumer<String> notes;
    private final Map<String, Object> extra;
    private final AtomicLong names = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> table = new ArrayList<>();
    private int pairs;

    PeerRows(Api tether, TetherProcess tetherProcess, TetherCalls calls, Map<String, String> options, int[] clientLevels,
             Duration warmup, Duration duration, RowSink rows, Consumer<String> notes,
             Map<String, Object> extra) {
        this.tether = tether;
        this.tetherProcess = tetherProcess;
        this.calls = calls;
        if (options.get("peer-url").isBlank() || options.get("peer-secret-key").isBlank()) {
            throw new IllegalArgumentException("--mode peer needs --peer-url and --peer-secret-key (a running Nango)");
        }
        this.nango = new Api(options.get("peer-url"), "");
        this.nangoKey = options.get("peer-secret-key");
        this.integration = options.get("peer-integration");
        this.nangoPid = options.get("peer-pid").isBlank() ? -1 : Long.parseLong(options.get("peer-pid"));
        this.connections = Integer.parseInt(options.get("peer-connections"));
        this.clientLevels = clientLevels;
        this.warmup = warmup;
        this.duration = duration;
        this.rows = rows;
        this.notes = notes;
        this.extra = extra;
    }

    static Map<String, String> defaults() {
        return Map.of("peer-url", "", "peer-secret-key", "", "peer-integration", "bench-amazon", "peer-pid", "",
                "peer-connections", "64", "peer-jit-warmup", "60s");
    }

    void run(Duration tetherJitWarmup, Duration nangoJitWarmup) throws Exception {
        ensureIntegration();
        UUID organization = UUID.randomUUID();
        String admin = tether.token(organization);
        String service = tether.token(organization, Api.SERVICE_ROLES);
        List<String> tetherIds = new ArrayList<>();
        List<String> nangoIds = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            tetherIds.add(calls.createConnected(admin, null));
            nangoIds.add(createNango(null));
        }
        checkNangoAnswersCredentials(nangoIds.get(0));
        System.out.printf(Locale.ROOT, "  seeded %d connections on each side%n", connections);

        Side tetherStore = new Side("Tether", (probe, client) -> calls.createConnected(admin, probe), tetherProcess::cpuSeconds);
        Side nangoStore = new Side("Nango", (probe, client) -> createNango(probe), this::nangoCpuSeconds);
        Side tetherSpread = new Side("Tether", (probe, client) ->
                probe.record("read", calls.readCredentials(service, random(tetherIds)).nanos()), tetherProcess::cpuSeconds);
        Side nangoSpread = new Side("Nango", (probe, client) ->
                probe.record("read", readNango(random(nangoIds)).nanos()), this::nangoCpuSeconds);
        String tetherOne = tetherIds.get(0);
        String nangoOne = nangoIds.get(0);
        Side tetherHot = new Side("Tether", (probe, client) ->
                probe.record("read", calls.readCredentials(service, tetherOne).nanos()), tetherProcess::cpuSeconds);
        Side nangoHot = new Side("Nango", (probe, client) ->
                probe.record("read", readNango(nangoOne).nanos()), this::nangoCpuSeconds);

        // each side's compiler warmed by the mix of the rows' own requests at 32 clients, one side after the other
        jitWarmup(tetherJitWarmup, tetherStore, tetherSpread, tetherHot);
        jitWarmup(nangoJitWarmup, nangoStore, nangoSpread, nangoHot);

        for (int clients : clientLevels) {
            pair("store a new connection with its credentials", clients, "create", "connections/s", tetherStore, nangoStore);
            pair("credential reads, " + connections + " connections", clients, "read", "reads/s", tetherSpread, nangoSpread);
            pair("credential reads, one connection", clients, "read", "reads/s", tetherHot, nangoHot);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-48s %7s %10s %8s %8s %6s %7s | %10s %8s %8s %6s %7s | %s%n", "peer row", "clients",
                "Tether/s", "p50 ms", "p99 ms", "errors", "CPU ms", "Nango/s", "p50 ms", "p99 ms", "errors", "CPU ms",
                "Tether ÷ Nango");
        table.forEach(System.out::println);
        notes.accept("Peer rows (--mode peer): Tether (" + "one request per stored connection: POST /integrations/accounts with "
                + "credentials; credential reads POST /integrations/accounts/{id}/credentials with a service token) beside "
                + "Nango at the same PostgreSQL server (POST /connections with OAuth2 credentials expiring in 2099; "
                + "GET /connections/{id}?provider_config_key=" + integration + " with the secret key, which answers the "
                + "credentials), each pair back to back, the side going first alternating from pair to pair. CPU ms: "
                + "each service's process CPU (user + system) over the row's warm-up and measurement per operation at the "
                + "measured rate (Nango's only with --peer-pid); PostgreSQL's is in neither.");
    }

    private void pair(String scenario, int clients, String timer, String unit, Side tetherSide, Side nangoSide)
            throws InterruptedException {
        boolean tetherFirst = pairs++ % 2 == 0;
        Measured first = measure(tetherFirst ? tetherSide : nangoSide, clients);
        Measured second = measure(tetherFirst ? nangoSide : tetherSide, clients);
        Measured t = tetherFirst ? first : second;
        Measured n = tetherFirst ? second : first;
        rows.add("peer: Tether, " + scenario, clients, t.load(), timer, unit);
        rows.add("peer: Nango, " + scenario, clients, n.load(), timer, unit);
        double ratio = t.load().throughput() / n.load().throughput();
        String key = scenario.replaceAll("[^a-z0-9]+", "_").replaceAll("_+$", "") + "_" + clients + "_clients";
        extra.put("peer_tether_per_nango_" + key, ratio);
        Histogram tl = t.load().timer(timer);
        Histogram nl = n.load().timer(timer);
        table.add(String.format(Locale.ROOT, "%-48s %7d %10.1f %8.2f %8.2f %6d %7.2f | %10.1f %8.2f %8.2f %6d %7.2f | %.2f%s",
                scenario, clients, t.load().throughput(), Benchmark.ms(tl, 50), Benchmark.ms(tl, 99), t.load().errors(), t.cpuMillisPerOperation(),
                n.load().throughput(), Benchmark.ms(nl, 50), Benchmark.ms(nl, 99), n.load().errors(), n.cpuMillisPerOperation(), ratio,
                tetherFirst ? "" : " (Nango first)"));
        System.out.printf(Locale.ROOT, "  %s, %d clients: Tether %.1f/s (%d errors), Nango %.1f/s (%d errors): Tether ÷ Nango %.2f%n",
                scenario, clients, t.load().throughput(), t.load().errors(), n.load().throughput(), n.load().errors(), ratio);
        notes.accept(String.format(Locale.ROOT, "Peer, %s at %d clients: Tether ÷ Nango %.2f (Tether %.1f/s, p99 %.1f ms, "
                        + "%d errors, CPU %.2f ms per operation; Nango %.1f/s, p99 %.1f ms, %d errors, CPU %.2f ms).", scenario,
                clients, ratio, t.load().throughput(), Benchmark.ms(tl, 99), t.load().errors(), t.cpuMillisPerOperation(),
                n.load().throughput(), Benchmark.ms(nl, 99), n.load().errors(), n.cpuMillisPerOperation()));
    }

    private Measured measure(Side side, int clients) throws InterruptedException {
        double cpuBefore = side.cpuSeconds().getAsDouble();
        Load.Measured measured = Load.closedLoop(clients, warmup, duration, side.operation());
        double cpu = side.cpuSeconds().getAsDouble() - cpuBefore;
        double operations = measured.throughput() * (warmup.toNanos() + duration.toNanos()) / 1e9;
        return new Measured(measured, operations > 0 ? cpu * 1000 / operations : Double.NaN);
    }

    private void jitWarmup(Duration length, Side store, Side spread, Side hot) throws InterruptedException {
        if (length.isZero()) {
            return;
        }
        System.out.printf(Locale.ROOT, "  %s's warm-up: the rows' requests at 32 clients for %d s …%n", store.name(),
                length.toSeconds());
        Load.Measured warming = Load.closedLoop(32, Duration.ZERO, length, (probe, client) -> {
            Side side = switch (client % 3) {
                case 0 -> store;
                case 1 -> spread;
                default -> hot;
            };
            side.operation().run(probe, client);
        });
        notes.accept(String.format(Locale.ROOT, "%s's warm-up: %d s at 32 clients, a third of them each storing "
                + "connections, reading spread credentials, reading one connection (%.1f operations/s, %d errors%s).",
                store.name(), length.toSeconds(), warming.throughput(), warming.errors(),
                warming.firstError() == null ? "" : ", the first: " + warming.firstError()));
    }

    /** Creates the peer's integration ({@code --peer-integration}, provider {@code amazon}, OAuth2) unless it exists. */
    private void ensureIntegration() throws Exception {
        Api.Answer found = nango.get("/integrations/" + integration, nangoKey);
        if (found.status() == 200) {
            return;
        }
        nango.post("/integrations", nangoKey, "{\"provider\":\"amazon\",\"unique_key\":\"" + integration + "\","
                + "\"credentials\":{\"type\":\"OAUTH2\",\"client_id\":\"amzn1.application-oa2-client.bench\","
                + "\"client_secret\":\"bench-secret\"}}").expect(200, "Nango: create the integration");
    }

    /** A new Nango connection with its OAuth2 credentials, in one request ({@code POST /connections}). */
    private String createNango(Load.Probe probe) throws Exception {
        String id = "bench-" + run + "-" + names.incrementAndGet();
        String body = "{\"provider_config_key\":\"" + integration + "\",\"connection_id\":\"" + id + "\","
                + "\"connection_config\":{\"extension\":\"com\"},\"credentials\":{\"type\":\"OAUTH2\","
                + "\"access_token\":\"Atza|bench-" + id + "\",\"refresh_token\":\"Atzr|bench-" + id + "\","
                + "\"expires_at\":\"" + NANGO_EXPIRES_AT + "\"}}";
        Api.Answer created = nango.post("/connections", nangoKey, body);
        if (created.status() != 200 && created.status() != 201) {
            throw new IllegalStateException("Nango: create a connection: HTTP " + created.status() + " " + created.shortBody());
        }
        if (probe != null) {
            probe.record("create", created.nanos());
        }
        return id;
    }

    private Api.Answer readNango(String id) throws Exception {
        return nango.get("/connections/" + id + "?provider_config_key=" + integration, nangoKey)
                .expect(200, "Nango: read a connection");
    }

    private void checkNangoAnswersCredentials(String id) throws Exception {
        String accessToken = readNango(id).json().path("credentials").path("access_token").asText();
        if (!accessToken.equals("Atza|bench-" + id)) {
            throw new IllegalStateException("Nango's GET /connections/" + id + " did not answer the stored access token");
        }
    }

    private double nangoCpuSeconds() {
        return nangoPid < 0 ? Double.NaN : TetherProcess.cpuSecondsOf(nangoPid);
    }

    private static String random(List<String> ids) {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }
}
