package io.tether.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Tether's all-in-one jar as a child process, on a fresh data directory of its own. */
final class TetherProcess implements AutoCloseable {

    private static final Pattern EMBEDDED_PORT = Pattern.compile("Embedded PostgreSQL running on port (\\d+)");

    private final ProcessBuilder builder;
    private final Path dataDir;
    private final Path log;
    private Process process;
    private boolean keepData;
    final int port;
    final double startupSeconds;

    private TetherProcess(ProcessBuilder builder, Path dataDir, Path log, int port) {
        this.builder = builder;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.startupSeconds = 0;
    }

    private TetherProcess(TetherProcess started, double startupSeconds) {
        this.builder = started.builder;
        this.dataDir = started.dataDir;
        this.log = started.log;
        this.port = started.port;
        this.process = started.process;
        this.startupSeconds = startupSeconds;
    }

    /** Starts the jar on the JVM {@code java} (its path) and waits until {@code /actuator/health} says UP; the startup time is that wait. */
    static TetherProcess start(String java, Path jar, int port, String jwtSecret, List<String> extraArguments, List<String> jvmArguments,
                               Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run ./mvnw -q package -DskipTests first");
        }
        Path dataDir = Files.createTempDirectory("tether-bench-");
        Path log = dataDir.resolve("tether.log");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--tether.data-dir=" + dataDir.resolve("data"),
                "--server.port=" + port,
                "--server.address=127.0.0.1"));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TETHER_JWT_SECRET", jwtSecret);
        TetherProcess tether = new TetherProcess(builder, dataDir, log, port);
        try {
            return new TetherProcess(tether, tether.launch(timeout));
        } catch (IOException | InterruptedException | RuntimeException e) {
            tether.close();
            throw e;
        }
    }

    /**
     * Stops Tether as {@link #close()} does but keeps its data directory, starts it again on the same data, and answers
     * the time from the new start to {@code /actuator/health} UP (the embedded PostgreSQL's start included).
     */
    double restart(Duration timeout) throws IOException, InterruptedException {
        stop();
        return launch(timeout);
    }

    /** Starts the process and waits until {@code /actuator/health} says UP; answers that wait in seconds. */
    private double launch(Duration timeout) throws IOException, InterruptedException {
        long started = System.nanoTime();
        process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tether exited with " + process.exitValue() + " before it was ready:\n"
                        + logTail(40));
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return (System.nanoTime() - started) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Tether was not ready within " + timeout + ":\n" + logTail(40));
    }

    /** Tether's data directory (its {@code tether.data-dir}). */
    Path dataDirectory() {
        return dataDir.resolve("data");
    }

    /** The embedded PostgreSQL's port, from Tether's own log line; -1 when it runs on an external database. */
    int embeddedPostgresPort() throws IOException {
        Matcher matcher = EMBEDDED_PORT.matcher(Files.readString(log));
        int port = -1;
        while (matcher.find()) {
            port = Integer.parseInt(matcher.group(1)); // the last start's: the log keeps every start's lines
        }
        return port;
    }

    /**
     * The embedded PostgreSQL's superuser password, which Tether generates into its data directory (readable by its
     * owner only: the bench runs as the same user) because the server takes no connection without one.
     */
    String embeddedPostgresSuperuserPassword() throws IOException {
        return Files.readString(dataDir.resolve("data").resolve("postgres-superuser-password")).strip();
    }

    long pid() {
        return process.pid();
    }

    /**
     * The CPU time the Tether JVM has used so far (user + system, from {@code /proc/<pid>/stat}, in seconds at the
     * usual 100 clock ticks per second); the embedded PostgreSQL's processes are not included. NaN where there is no /proc.
     */
    double cpuSeconds() {
        return cpuSecondsOf(process.pid());
    }

    /** The CPU time (user + system) a process has used so far, in seconds; NaN where there is no /proc. */
    static double cpuSecondsOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The Tether JVM's peak resident set (VmHWM) in MiB; the embedded PostgreSQL's processes are not included. */
    double peakRssMiB() {
        return procStatusKiB("VmHWM") / 1024.0;
    }

    double rssMiB() {
        return procStatusKiB("VmRSS") / 1024.0;
    }

    private long procStatusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The durations, in whole milliseconds as Tether's request log gives them, of the requests whose log line matches
     * {@code request} (method, path and status, e.g. {@code POST /integrations/accounts/[^ ]+/credentials 200}) and
     * was written between {@code from} and {@code to}: Tether's own view of a row, without the bench's client.
     */
    List<Long> loggedMillis(Pattern request, Instant from, Instant to) throws IOException {
        return loggedMillis(log, request, from, to);
    }

    static List<Long> loggedMillis(Path log, Pattern request, Instant from, Instant to) throws IOException {
        Pattern line = Pattern.compile("^(\\S+) .* io\\.tether\\.requests .*: (?:" + request.pattern() + ") (\\d+)ms ");
        List<Long> millis = new ArrayList<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(text -> {
                Matcher matcher = line.matcher(text);
                if (matcher.find()) {
                    Instant at = OffsetDateTime.parse(matcher.group(1)).toInstant();
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        millis.add(Long.parseLong(matcher.group(2)));
                    }
                }
            });
        }
        return millis;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Leaves the data directory in place when Tether stops, to restart Tether on its store later. */
    void keepData() {
        keepData = true;
    }

    /** Stops Tether (SIGTERM, then forcibly with whatever it started), and deletes the data directory unless kept. */
    @Override
    public void close() {
        stop();
        if (keepData) {
            System.out.println("Tether's data directory kept: " + dataDirectory());
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dataDir + ": " + e);
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : descendants) {
                if (child.isAlive()) {
                    child.destroy();
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            System.err.println("While stopping Tether: " + e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
