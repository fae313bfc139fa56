package io.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tether.infrastructure.audit.HashChain;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The auditor's verifier over a large store ({@code --mode verify}): an account's history made through the API is
 * the template; its events are copied by JDBC into as many new accounts as the event count asks for, each copy
 * with its own account and event ids, its hash chain computed as Tether computes it ({@link HashChain}) and its
 * chain head, so that every copied event is one Tether could have appended. Once the read models have caught up, a
 * digest is written, and {@code java -jar tether.jar verify --digests … --database …} runs as its own process with a
 * small heap: its time gives events/s, its GC log the peak heap.
 */
final class VerifierRow {

    /** What the row measured. */
    record Measured(long events, int aggregates, double seedSeconds, double verifySeconds, double peakHeapMiB,
                    double peakLiveMiB, String heap, String verdict) {
    }

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private VerifierRow() {
    }

    static Measured run(Api api, TetherProcess tether, Path jar, String jdbcUrl, String user, String password,
                        long events, int perAggregate, String heap) throws Exception {
        String token = api.token(UUID.randomUUID());
        String template = templateAccount(api, token, perAggregate);
        long seedStarted = System.nanoTime();
        int aggregates;
        try (Connection database = DriverManager.getConnection(jdbcUrl, user, password)) {
            aggregates = copy(database, template, events);
        }
        double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
        awaitReadModels(api, token);
        api.post("/admin/audit/digests", token, null).expect(201, "digest");

        Path gcLog = Files.createTempFile("tether-verifier-gc-", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder verifier = new ProcessBuilder(java, "-Xmx" + heap, "-Xlog:gc:file=" + gcLog,
                "-jar", jar.toAbsolutePath().toString(), "verify",
                "--digests", tether.dataDirectory().resolve("audit-digests").toString(),
                "--database", jdbcUrl, "--user", user).redirectErrorStream(true);
        verifier.environment().put("PGPASSWORD", password);
        long started = System.nanoTime();
        Process process = verifier.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(2, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the verifier did not finish within two hours");
        }
        double verifySeconds = (System.nanoTime() - started) / 1e9;
        List<String> lines = output.lines().toList();
        String verdict = lines.isEmpty() ? "(no output, exit " + process.exitValue() + ")" : lines.get(lines.size() - 1);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the verifier exited " + process.exitValue() + ": " + output);
        }
        double[] peaks = peakHeapMiB(gcLog);
        Files.deleteIfExists(gcLog);
        return new Measured(countEvents(jdbcUrl, user, password), aggregates, seedSeconds, verifySeconds, peaks[0], peaks[1],
                heap, verdict);
    }

    /** An account with about {@code events} events, made through the API: create, then connect/disconnect pairs. */
    private static String templateAccount(Api api, String token, int events) throws Exception {
        String id = api.post("/integrations/accounts", token, "{\"marketplace\":\"AMAZON\",\"integration_type\":\"ADS_API\","
                + "\"account_name\":\"verifier template " + UUID.randomUUID() + "\",\"region\":\"EU\"}")
                .expect(201, "create").json().path("id").asText();
        for (int i = 0; i < (events - 1) / 2; i++) {
            api.post("/integrations/accounts/" + id + "/connect", token,
                    "{\"credentials\":{\"refresh_token\":\"Atzr|verifier-" + i + "\",\"profile_id\":\"123456\"},\"verify\":false}")
                    .expect(200, "connect");
            api.post("/integrations/accounts/" + id + "/disconnect", token, null).expect(200, "disconnect");
        }
        return id;
    }

    /**
     * Copies the template's events into new accounts until {@code events} are stored in all ({@link StreamCopier}: new
     * account and event ids, the chain computed again). Committed copy by copy.
     */
    private static int copy(Connection database, String template, long events) throws Exception {
        List<StreamCopier.StoredEvent> rows = StreamCopier.eventsOf(database, template);
        long stored = countEvents(database);
        int copies = (int) Math.max(0, (events - stored + rows.size() - 1) / rows.size());
        try (StreamCopier copier = new StreamCopier(database)) {
            for (int copy = 0; copy < copies; copy++) {
                String aggregate = UUID.randomUUID().toString();
                copier.copy(rows, 1, aggregate, Map.of(template, aggregate));
                copier.commit();
                if ((copy + 1) % 100 == 0) {
                    System.out.printf("    %d of %d copies of %d events stored%n", copy + 1, copies, rows.size());
                }
            }
        }
        return copies + 1;
    }

    /** The copies reach every read model too: the verifier is timed once they have caught up, on a quiet store. */
    static void awaitReadModels(Api api, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode projections;
            try {
                projections = api.get("/admin/projections", token).expect(200, "projections").json();
            } catch (HttpTimeoutException busy) {
                continue; // a Tether busy catching up on a loaded machine may answer late: the wait goes on
            }
            boolean caughtUp = true;
            for (JsonNode projection : projections) {
                caughtUp &= projection.path("caught_up").asBoolean(true);
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("the read models did not catch up with the copies within an hour");
    }

    /**
     * The largest heap occupancy before a collection and the largest after one (what was still live) in the GC log;
     * zeros when the heap never needed a collection.
     */
    private static double[] peakHeapMiB(Path gcLog) throws Exception {
        double[] peaks = new double[2];
        for (String line : Files.readAllLines(gcLog)) {
            Matcher heap = GC_HEAP.matcher(line);
            if (heap.find()) {
                peaks[0] = Math.max(peaks[0], Double.parseDouble(heap.group(1)));
                peaks[1] = Math.max(peaks[1], Double.parseDouble(heap.group(2)));
            }
        }
        return peaks;
    }

    private static long countEvents(String jdbcUrl, String user, String password) throws Exception {
        try (Connection database = DriverManager.getConnection(jdbcUrl, user, password)) {
            return countEvents(database);
        }
    }

    static long countEvents(Connection database) throws Exception {
        try (PreparedStatement count = database.prepareStatement("SELECT count(*) FROM domain_event_entry");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
