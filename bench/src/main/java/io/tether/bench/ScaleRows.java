package io.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.api.account.AccountCredentialsReadEvent;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Issue 28's growth rows ({@code --mode scale}): the same store measured at {@code --scale-accounts} (1,000 by
 * default), then grown to the second size (100,000) and measured again in the same run, each figure printed with its
 * ratio to the small store's.
 * <p>
 * <b>Seeding.</b> Every account is created through the API with its credentials (one request: Tether seals them under
 * the account's own new key, bound to the organization, the account and the field as associated data, so no sealed
 * value can be copied from one account to another), {@code --scale-accounts-per-organization} (100) per organization.
 * Each organization's first account (its template) then has its credentials read through the API until it has
 * {@code --scale-events-per-account} events (20: created, connected, 18 reads recorded in its credential-read stream);
 * the template's read stream is copied by JDBC ({@link StreamCopier}) into the read stream of each other account of the
 * organization, so that every account has as many events, hash-chained as Tether chains them. The read models catch up
 * by themselves.
 * <p>
 * <b>Each size.</b> Once the read models have caught up: the disk used per event and per account; Tether restarted on
 * the store (start to ready); a JIT warm-up of the measured requests; then, at one client, the list of an
 * organization's accounts, an account by id, a credential read, an account's audit history, a page of an
 * organization's audit log, its export (with the Tether JVM's heap and RSS sampled during the exports) and its chain
 * verification, each of a random organization or account of the whole store; and a rebuild of the accounts read model.
 * The grown store adds one organization whose export is {@code --scale-large-export-events} events long, to show the
 * export's memory does not grow with its length.
 */
final class ScaleRows {

    private static final String PROJECTION = "integration-accounts";
    private static final double LATENCY_TARGET = 1.5;
    private static final double REBUILD_TARGET = 0.8;
    private static final double START_TARGET_SECONDS = 10;

    /** An organization of the store, with tokens for its admin (also its auditor) and for its workers. */
    private record Organization(UUID id, String admin, String service) {
    }

    private record Account(Organization organization, String id) {
    }

    /** One figure at one size of the store: a rate, or latencies (NaN where they do not apply). */
    private record Figure(String unit, double rate, double p50, double p95, double p99, long operations, long errors) {
    }

    /** The Tether JVM's heap and resident set sampled during a row, in MiB. */
    private record Memory(double heapBefore, double heapPeak, double rssBefore, double rssPeak) {
    }

    private final Api api;
    private final TetherProcess tether;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Map<String, String> options;
    private final Duration warmup;
    private final Duration duration;
    private final Consumer<Benchmark.Row> rows;
    private final Consumer<String> notes;
    private final Map<String, Object> extra;
    private final int perOrganization;
    private final int readsPerAccount;
    private final List<Organization> organizations = Collections.synchronizedList(new ArrayList<>());
    private final List<Account> accounts = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong names = new AtomicLong();
    private final String platform;

    ScaleRows(Api api, TetherProcess tether, String jdbcUrl, String user, String password, Map<String, String> options,
              Duration warmup, Duration duration, Consumer<Benchmark.Row> rows, Consumer<String> notes,
              Map<String, Object> extra) {
        this.api = api;
        this.tether = tether;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.options = options;
        this.warmup = warmup;
        this.duration = duration;
        this.rows = rows;
        this.notes = notes;
        this.extra = extra;
        this.perOrganization = Integer.parseInt(options.get("scale-accounts-per-organization"));
        this.readsPerAccount = Integer.parseInt(options.get("scale-events-per-account")) - 2;
        this.platform = api.token(UUID.randomUUID());
        if (readsPerAccount < 1 || perOrganization < 2) {
            throw new IllegalArgumentException("--scale-events-per-account must be at least 3 (created, connected, a read)"
                    + " and --scale-accounts-per-organization at least 2");
        }
    }

    void run(Duration jitWarmup) throws Exception {
        String[] sizes = options.get("scale-accounts").split(",");
        int small = Integer.parseInt(sizes[0].strip());
        int grown = Integer.parseInt(sizes[1].strip());
        grow(small);
        Map<String, Figure> before = measure(String.format(Locale.ROOT, "%,d accounts", small), jitWarmup, false);
        grow(grown);
        String copied = provenCopy();
        Map<String, Figure> after = measure(String.format(Locale.ROOT, "%,d accounts", grown), jitWarmup, true);
        compare(small, grown, before, after);
        notes.accept(copied);
    }

    // --- seeding -------------------------------------------------------------------------------------------------

    /** Adds organizations of {@code perOrganization} accounts until the store holds {@code target} accounts. */
    private void grow(int target) throws Exception {
        int wanted = (target - accounts.size() + perOrganization - 1) / perOrganization;
        int clients = Integer.parseInt(options.get("scale-clients"));
        System.out.printf(Locale.ROOT, "  Scale: growing the store to %,d accounts (%,d organizations more, %d clients) …%n",
                target, wanted, clients);
        long started = System.nanoTime();
        AtomicInteger left = new AtomicInteger(wanted);
        AtomicInteger done = new AtomicInteger();
        Load.inParallel(clients, "bench-scale-seed", () -> {
            try (Connection database = DriverManager.getConnection(jdbcUrl, user, password);
                 StreamCopier copier = new StreamCopier(database)) {
                while (left.getAndDecrement() > 0) {
                    seedOrganization(database, copier);
                    int organizationsDone = done.incrementAndGet();
                    if (organizationsDone % Math.max(1, wanted / 20) == 0) {
                        System.out.printf(Locale.ROOT, "    %,d of %,d organizations (%,d accounts in the store) in %.0f s%n",
                                organizationsDone, wanted, accounts.size(), (System.nanoTime() - started) / 1e9);
                    }
                }
            } catch (Exception e) {
                left.set(0); // the other seeders stop after their organization under way
                throw e;
            }
        });
        double seeded = (System.nanoTime() - started) / 1e9;
        long caughtUpFrom = System.nanoTime();
        VerifierRow.awaitReadModels(api, platform);
        double caughtUp = (System.nanoTime() - caughtUpFrom) / 1e9;
        notes.accept(String.format(Locale.ROOT, "Scale: grown to %,d accounts in %,d organizations, %,d events, in %.0f s "
                + "(%d clients through the API and the copier), the read models caught up %.0f s later.",
                accounts.size(), organizations.size(), count("SELECT count(*) FROM domain_event_entry"), seeded, clients,
                caughtUp));
    }

    /**
     * One organization: its template account created with credentials and read until it has its events, the others
     * created with credentials, and the template's credential-read stream copied into theirs (one transaction each).
     */
    private void seedOrganization(Connection database, StreamCopier copier) throws Exception {
        Organization organization = newOrganization();
        String template = template(organization);
        List<String> others = new ArrayList<>();
        for (int i = 1; i < perOrganization; i++) {
            others.add(createConnected(organization));
        }
        String templateReads = readStreamOf(template);
        List<StreamCopier.StoredEvent> reads = StreamCopier.eventsOf(database, templateReads);
        for (String other : others) {
            String otherReads = readStreamOf(other);
            copier.copy(reads, 1, otherReads, Map.of(template, other, templateReads, otherReads));
            // One transaction per stream, as Tether appends: a long transaction leaves thousands of global indexes
            // unseen by the processors meanwhile, and the tokens they carry with each event grow with those gaps.
            copier.commit();
        }
        organizations.add(organization);
        accounts.add(new Account(organization, template));
        others.forEach(other -> accounts.add(new Account(organization, other)));
    }

    private Organization newOrganization() {
        UUID id = UUID.randomUUID();
        return new Organization(id, api.token(id), api.token(id, Api.SERVICE_ROLES));
    }

    /** The organization's template: an account created with its credentials, then read until it has its events. */
    private String template(Organization organization) throws Exception {
        String template = createConnected(organization);
        for (int read = 0; read < readsPerAccount; read++) {
            retried(() -> readCredentials(organization, template));
        }
        return template;
    }

    /** An Ads account created with its credentials in one request. */
    private String createConnected(Organization organization) throws Exception {
        long name = names.incrementAndGet();
        String body = "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\",\"account_name\":\"scale " + name
                + "\",\"region\":\"EU\",\"credentials\":{\"refresh_token\":\"Atzr|scale-" + name
                + "\",\"profile_id\":\"123456\"},\"verify\":false}";
        return retried(() -> api.post("/integrations/accounts", organization.admin(), body).expect(201, "create with credentials"))
                .json().path("id").asText();
    }

    private Api.Answer readCredentials(Organization organization, String account) throws Exception {
        return api.post("/integrations/accounts/" + account + "/credentials", organization.service(),
                "{\"purpose\":\"bench scale\"}").expect(200, "credential read");
    }

    private interface Request {
        Api.Answer send() throws Exception;
    }

    /**
     * A seeding request; a 503 (the pool ran dry on a machine busy with other work) or an answer later than the client's
     * time-out is tried again, up to five times: seeding is not measured, and an account stored after all only adds one.
     */
    private static Api.Answer retried(Request request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.send();
            } catch (IllegalStateException | HttpTimeoutException e) {
                if (attempt == 5 || (e instanceof IllegalStateException && !String.valueOf(e.getMessage()).contains("HTTP 503"))) {
                    throw e;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    private static String readStreamOf(String account) {
        return AccountCredentialsReadEvent.streamOf(UUID.fromString(account)).toString();
    }

    /**
     * Proof that the copies are Tether's own: an account whose read stream was copied has its credentials read through
     * the API (they open, and the read is appended after the copied chain head), then its history verified.
     */
    private String provenCopy() throws Exception {
        Account copied = accounts.get(accounts.size() - 1);
        JsonNode read = readCredentials(copied.organization(), copied.id()).json();
        String token = read.path("credentials").path("refresh_token").asText();
        JsonNode verified = api.post("/audit/verify", copied.organization().admin(), "{\"aggregate_id\":\"" + copied.id() + "\"}")
                .expect(200, "verify").json();
        if (!token.startsWith("Atzr|scale-") || !verified.path("intact").asBoolean(false)) {
            throw new IllegalStateException("a copied account did not read or verify: " + verified);
        }
        return String.format(Locale.ROOT, "Scale: account %s (its read stream a copy) read its credentials through the API "
                + "(they opened) and verified intact afterwards over %d events in %d streams, the new read appended after "
                + "the copied chain head.", copied.id(), verified.path("events").asLong(), verified.path("aggregates").asInt());
    }

    // --- one size ------------------------------------------------------------------------------------------------

    private Map<String, Figure> measure(String size, Duration jitWarmup, boolean grown) throws Exception {
        Map<String, Figure> figures = new LinkedHashMap<>();
        long events = count("SELECT count(*) FROM domain_event_entry");
        disk(size, events);
        System.out.printf(Locale.ROOT, "  Scale, %s: restarting Tether on the store …%n", size);
        double start = tether.restart(Duration.ofMinutes(10));
        figures.put("start to ready", new Figure("s", start, Double.NaN, Double.NaN, Double.NaN, 1, 0));
        System.out.printf(Locale.ROOT, "  Scale, %s: ready in %.2f s; JIT warm-up %d s …%n", size, start, jitWarmup.toSeconds());
        if (!jitWarmup.isZero()) {
            Load.closedLoop(8, Duration.ZERO, jitWarmup, (probe, client) -> {
                Account account = randomAccount();
                Organization organization = randomOrganization();
                list(organization);
                get(account);
                readCredentials(account.organization(), account.id());
                history(account);
                auditPage(organization);
                export(organization);
                verify(organization);
            });
        }
        figures.put("list an organization's accounts (limit 50)",
                latency(size, "list an organization's accounts", "lists/s", (probe, client) ->
                        probe.record("op", list(randomOrganization()).nanos())));
        figures.put("get an account", latency(size, "get an account", "gets/s", (probe, client) ->
                probe.record("op", get(randomAccount()).nanos())));
        figures.put("credential read", latency(size, "credential read", "reads/s", (probe, client) -> {
            Account account = randomAccount();
            probe.record("op", readCredentials(account.organization(), account.id()).nanos());
        }));
        figures.put("an account's audit history", latency(size, "an account's audit history", "reads/s",
                (probe, client) -> probe.record("op", history(randomAccount()).nanos())));
        figures.put("a page of an organization's audit log (100)", latency(size, "a page of an organization's audit log",
                "pages/s", (probe, client) -> probe.record("op", auditPage(randomOrganization()).nanos())));
        AtomicLong exported = new AtomicLong();
        Memory exportMemory = sampled(() -> figures.put("an organization's audit export", latency(size,
                "an organization's audit export", "exports/s", (probe, client) -> {
                    Api.Streamed streamed = export(randomOrganization());
                    if (probe.measuring()) {
                        exported.addAndGet(streamed.bytes());
                    }
                    probe.record("op", streamed.nanos());
                })));
        Figure exportRow = figures.get("an organization's audit export");
        figures.put("audit export bytes/s", new Figure("bytes/s", exported.get() / (duration.toNanos() / 1e9), Double.NaN,
                Double.NaN, Double.NaN, exportRow.operations(), 0));
        figures.put("chain verification of an organization", latency(size, "chain verification of an organization",
                "verifications/s", (probe, client) -> probe.record("op", verify(randomOrganization()).nanos())));
        notes.accept(String.format(Locale.ROOT, "Scale, %s: during the exports of random organizations (%,d bytes each on "
                + "average), the Tether JVM's heap used %.0f MiB before, %.0f MiB at most; its RSS %.0f MiB before, %.0f MiB "
                + "at most.", size, exportRow.operations() == 0 ? 0 : exported.get() / exportRow.operations(),
                exportMemory.heapBefore(), exportMemory.heapPeak(), exportMemory.rssBefore(), exportMemory.rssPeak()));
        if (grown) {
            largeExport(size, exportMemory);
        }
        figures.put("rebuild " + PROJECTION, rebuild(size, !grown));
        return figures;
    }

    private Figure latency(String size, String name, String unit, Load.Operation operation) throws Exception {
        Load.Measured measured = Load.closedLoop(1, warmup, duration, operation);
        Histogram histogram = measured.timer("op");
        Figure figure = new Figure(unit, measured.throughput(), ms(histogram, 50), ms(histogram, 95), ms(histogram, 99),
                measured.operations(), measured.errors());
        rows.accept(new Benchmark.Row("scale: " + name + " @ " + size, 1, figure.rate(), unit, figure.p50(), figure.p95(),
                figure.p99(), figure.operations(), figure.errors(), Double.NaN, Double.NaN, measured.machineIdlePercent()));
        System.out.printf(Locale.ROOT, "  %s @ %s: %.1f %s, p50 %.2f ms, p99 %.2f ms%s%n", name, size, figure.rate(), unit,
                figure.p50(), figure.p99(), measured.errors() > 0 ? " (" + measured.errors() + " errors: "
                        + measured.firstError() + ")" : "");
        if (measured.errors() > 0) {
            notes.accept("Scale, " + name + " @ " + size + ": " + measured.errors() + " errors, the first: "
                    + measured.firstError());
        }
        return figure;
    }

    private Api.Answer list(Organization organization) throws Exception {
        return api.get("/integrations/accounts?limit=50", organization.admin()).expect(200, "list");
    }

    private Api.Answer get(Account account) throws Exception {
        return api.get("/integrations/accounts/" + account.id(), account.organization().admin()).expect(200, "get");
    }

    private Api.Answer history(Account account) throws Exception {
        return api.get("/audit/accounts/" + account.id() + "/events", account.organization().admin()).expect(200, "history");
    }

    private Api.Answer auditPage(Organization organization) throws Exception {
        return api.get("/audit/events?limit=100", organization.admin()).expect(200, "audit log page");
    }

    private Api.Streamed export(Organization organization) throws Exception {
        Api.Streamed streamed = api.stream("/audit/events/export?format=NDJSON", organization.admin());
        if (streamed.status() != 200) {
            throw new IllegalStateException("export: HTTP " + streamed.status());
        }
        return streamed;
    }

    private Api.Answer verify(Organization organization) throws Exception {
        Api.Answer answer = api.post("/audit/verify", organization.admin(), "{}").expect(200, "verify");
        if (!answer.json().path("intact").asBoolean(false)) {
            throw new IllegalStateException("organization " + organization.id() + " did not verify: " + answer.shortBody());
        }
        return answer;
    }

    private Organization randomOrganization() {
        return organizations.get(ThreadLocalRandom.current().nextInt(organizations.size()));
    }

    private Account randomAccount() {
        return accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
    }

    /**
     * One organization whose export is {@code --scale-large-export-events} long (one account's credential-read stream
     * copied many times over into another account's), exported once with the heap and RSS sampled, beside the exports
     * of the ordinary organizations.
     */
    private void largeExport(String size, Memory ordinary) throws Exception {
        long length = Long.parseLong(options.get("scale-large-export-events"));
        Organization organization = newOrganization();
        String template = template(organization);
        String longAccount = createConnected(organization);
        try (Connection database = DriverManager.getConnection(jdbcUrl, user, password);
             StreamCopier copier = new StreamCopier(database)) {
            String templateReads = readStreamOf(template);
            String longReads = readStreamOf(longAccount);
            copier.copy(StreamCopier.eventsOf(database, templateReads), (int) Math.max(1, length / readsPerAccount), longReads,
                    Map.of(template, longAccount, templateReads, longReads));
            copier.commit();
        }
        VerifierRow.awaitReadModels(api, platform);
        long events = count("SELECT count(*) FROM audit_log WHERE organization_id = '" + organization.id() + "'");
        Api.Streamed[] streamed = new Api.Streamed[1];
        Memory memory = sampled(() -> streamed[0] = export(organization));
        double seconds = streamed[0].nanos() / 1e9;
        rows.accept(new Benchmark.Row(String.format(Locale.ROOT, "scale: audit export of %,d events @ %s", events, size), 1,
                streamed[0].bytes() / seconds, "bytes/s", Double.NaN, Double.NaN, Double.NaN, 1, 0, Double.NaN, Double.NaN));
        extra.put("scale_large_export_events", events);
        extra.put("scale_large_export_bytes_per_second", streamed[0].bytes() / seconds);
        extra.put("scale_large_export_heap_peak_mib", memory.heapPeak());
        extra.put("scale_large_export_rss_peak_mib", memory.rssPeak());
        extra.put("scale_export_heap_peak_mib", ordinary.heapPeak());
        extra.put("scale_export_rss_peak_mib", ordinary.rssPeak());
        notes.accept(String.format(Locale.ROOT, "Scale, %s: an organization whose audit log holds %,d events exported %,d "
                + "bytes in %.1f s (%,.0f bytes/s); the Tether JVM's heap used %.0f MiB before, %.0f MiB at most (the "
                + "ordinary organizations' exports: %.0f MiB at most), its RSS %.0f MiB before, %.0f MiB at most (%.0f MiB).",
                size, events, streamed[0].bytes(), seconds, streamed[0].bytes() / seconds, memory.heapBefore(),
                memory.heapPeak(), ordinary.heapPeak(), memory.rssBefore(), memory.rssPeak(), ordinary.rssPeak()));
    }

    private interface Sampled {
        void run() throws Exception;
    }

    /** Runs the work while a thread samples the Tether JVM's heap used (its Prometheus gauges) and RSS every 200 ms. */
    private Memory sampled(Sampled work) throws Exception {
        double heapBefore = heapUsedMiB();
        double rssBefore = tether.rssMiB();
        double[] peaks = {heapBefore, rssBefore};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    double heap = heapUsedMiB();
                    double rss = tether.rssMiB();
                    synchronized (peaks) {
                        peaks[0] = Math.max(peaks[0], heap);
                        peaks[1] = Math.max(peaks[1], rss);
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        }, "bench-scale-memory");
        sampler.setDaemon(true);
        sampler.start();
        try {
            work.run();
        } finally {
            sampler.interrupt();
            sampler.join(5_000);
        }
        synchronized (peaks) {
            return new Memory(heapBefore, peaks[0], rssBefore, peaks[1]);
        }
    }

    /** The sum of the heap pools' used bytes from {@code /actuator/prometheus}, in MiB. */
    private double heapUsedMiB() throws Exception {
        String metrics = api.get("/actuator/prometheus", platform).expect(200, "prometheus").body();
        double bytes = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / (1024 * 1024);
    }

    /**
     * The accounts read model rebuilt from every event of the store. On the small store a first replay warms the JIT
     * up and the second is measured; on the grown one the only replay is measured (a warm-up would replay millions of
     * events once more; the compilation it would spare is a few seconds of a replay that lasts minutes).
     */
    private Figure rebuild(String size, boolean warmUp) throws Exception {
        long events = count("SELECT count(*) FROM domain_event_entry");
        if (warmUp) {
            replay();
        }
        long started = System.nanoTime();
        JsonNode status = replay();
        double seconds = (System.nanoTime() - started) / 1e9;
        Figure figure = new Figure("events/s", events / seconds, Double.NaN, Double.NaN, Double.NaN, events,
                status.path("errors").size());
        rows.accept(new Benchmark.Row("scale: rebuild " + PROJECTION + " from " + events + " events @ " + size, 1,
                figure.rate(), "events/s", Double.NaN, Double.NaN, Double.NaN, events, figure.errors(), Double.NaN, Double.NaN));
        System.out.printf(Locale.ROOT, "  rebuild @ %s: %,d events in %.1f s%n", size, events, seconds);
        return figure;
    }

    private JsonNode replay() throws Exception {
        return api.replay(PROJECTION, platform, Duration.ofHours(1));
    }

    /** Disk used by Tether's tables (every user table but the bench's own), per event and per account. */
    private void disk(String size, long events) throws Exception {
        long accountCount = count("SELECT count(*) FROM integration_accounts WHERE NOT deleted");
        Map<String, Long> tables = new LinkedHashMap<>();
        try (Connection database = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement sizes = database.prepareStatement("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                     + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname NOT LIKE 'bench\\_%'"
                     + " ORDER BY 2 DESC");
             ResultSet row = sizes.executeQuery()) {
            while (row.next()) {
                tables.put(row.getString(1), row.getLong(2));
            }
        }
        long total = tables.values().stream().mapToLong(Long::longValue).sum();
        long store = tables.getOrDefault("domain_event_entry", 0L) + tables.getOrDefault("event_chain_heads", 0L);
        long audit = tables.getOrDefault("audit_log", 0L) + tables.getOrDefault("audit_aggregates", 0L);
        String key = size.replaceAll("[^0-9]", "");
        extra.put("scale_disk_bytes_" + key, total);
        extra.put("scale_disk_bytes_per_event_" + key, (double) total / events);
        extra.put("scale_disk_bytes_per_account_" + key, (double) total / accountCount);
        StringBuilder largest = new StringBuilder();
        tables.entrySet().stream().limit(8).forEach(table -> largest.append(largest.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %,.1f MiB", table.getKey(), table.getValue() / 1048576.0)));
        notes.accept(String.format(Locale.ROOT, "Scale, %s: %,d events, %,d accounts; Tether's tables take %,.1f MiB "
                + "(pg_total_relation_size, indexes and TOAST included): %,.0f bytes per event and %,.0f per account in all; "
                + "the event store with its chain heads %,.0f bytes per event, the audit log's index %,.0f per event; the "
                + "largest tables: %s.", size, events, accountCount, total / 1048576.0, (double) total / events,
                (double) total / accountCount, (double) store / events, (double) audit / events, largest));
    }

    private long count(String sql) throws Exception {
        try (Connection database = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement count = database.prepareStatement(sql);
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    // --- the comparison ------------------------------------------------------------------------------------------

    private void compare(int small, int grown, Map<String, Figure> before, Map<String, Figure> after) {
        String format = "%-46s %14s %14s %8s %8s  %s%n";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, "figure",
                String.format(Locale.ROOT, "%,d", small), String.format(Locale.ROOT, "%,d", grown), "ratio", "target", "met"));
        for (Map.Entry<String, Figure> entry : after.entrySet()) {
            String name = entry.getKey();
            Figure then = before.get(name);
            Figure now = entry.getValue();
            if (then == null) {
                continue;
            }
            String key = "scale_" + name.replaceAll("[^a-z0-9]+", "_").replaceAll("_+$", "");
            if (name.equals("start to ready")) {
                row(table, format, name + " (s)", then.rate(), now.rate(), "≤ 10 s", now.rate() <= START_TARGET_SECONDS);
                extra.put(key + "_seconds", now.rate());
            } else if (name.startsWith("rebuild")) {
                row(table, format, name + " (events/s)", then.rate(), now.rate(), "≥ 0.8×",
                        now.rate() / then.rate() >= REBUILD_TARGET);
                extra.put(key + "_ratio", now.rate() / then.rate());
            } else if (Double.isNaN(now.p50())) {
                row(table, format, name, then.rate(), now.rate(), "—", null);
            } else {
                row(table, format, name + ", p50 ms", then.p50(), now.p50(), "≤ 1.5×",
                        now.p50() / then.p50() <= LATENCY_TARGET);
                row(table, format, name + ", p99 ms", then.p99(), now.p99(), "≤ 1.5×",
                        now.p99() / then.p99() <= LATENCY_TARGET);
                extra.put(key + "_p50_ratio", now.p50() / then.p50());
                extra.put(key + "_p99_ratio", now.p99() / then.p99());
            }
        }
        System.out.println();
        System.out.print(table);
        notes.accept("Scale, the grown store against the small one (ratio = grown ÷ small):\n" + table);
    }

    private static void row(StringBuilder table, String format, String name, double then, double now, String target,
                            Boolean met) {
        table.append(String.format(Locale.ROOT, format, name, fixed(then), fixed(now), fixed(now / then), target,
                met == null ? "" : met ? "met" : "MISSED"));
    }

    private static String fixed(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-"
                : String.format(Locale.ROOT, Math.abs(value) >= 1000 ? "%,.0f" : "%.2f", value);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
