package io.tether.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The all-in-one app as a process of its own (the test's classpath, a JVM kept small), so that a test
 * can run several nodes and kill one of them as a crash would: no shutdown hook, no released claim.
 */
final class TetherNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int port;
    private final Path log;
    private final Process process;

    private TetherNode(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts a node; {@link #awaitReady} waits for it. Arguments are Spring properties without the leading dashes. */
    static TetherNode start(String name, Path directory, Map<String, String> properties) throws IOException {
        int port = freePort();
        Files.createDirectories(directory);
        Path log = directory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                TetherApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--tether.data-dir=" + directory.resolve(name)));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new TetherNode(name, port, log, process);
    }

    /**
     * Starts {@code count} nodes on one shared database into {@code nodes} (which the caller closes, even
     * when a start fails): the first migrates the schema alone, the others then start side by side. Each may take
     * three minutes: two JVMs starting at once on 2 CPUs beside another test's work took over 90 s once.
     */
    static void startSharingOneDatabase(Path directory, Map<String, String> properties, int count, List<TetherNode> nodes)
            throws IOException {
        nodes.add(start("node-1", directory, properties));
        nodes.get(0).awaitReady(Duration.ofMinutes(3));
        for (int node = 2; node <= count; node++) {
            nodes.add(start("node-" + node, directory, properties));
        }
        for (TetherNode node : nodes.subList(1, nodes.size())) {
            node.awaitReady(Duration.ofMinutes(3));
        }
    }

    void awaitReady(Duration timeout) {
        try {
            await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail(60));
                        }
                        return HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException notReady) {
            throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail(60), notReady);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: Spring's graceful shutdown, which stops the processors and releases their claims. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not stop within 40s:\n" + logTail(60));
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
