package io.tether.infrastructure.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One statement run in PostgreSQL's single-user mode ({@code postgres --single}): the server reads it from
 * standard input and listens on no port and no socket, so nobody else can connect meanwhile. The binary is
 * zonky's, extracted where zonky keeps its binaries ({@code ot.epg.working-dir}, by default
 * {@code embedded-pg} in the temporary directory), of the cluster's major version. zonky has prepared them by
 * the time its data directory customizer runs, the only place this is used.
 */
final class SingleUserMode {

    private SingleUserMode() {
    }

    static void run(Path cluster, String statement) throws IOException {
        List<String> command = new ArrayList<>();
        // PostgreSQL refuses to run as root; zonky runs it in a user namespace then, and so does this.
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binary(cluster).toString(), "--single", "-D", cluster.toString(), "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // The statement goes through standard input: a password in it never appears in a process listing.
        try (OutputStream input = process.getOutputStream()) {
            input.write((statement + ";\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR:")) {
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL's single-user mode on " + cluster + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while PostgreSQL ran in single-user mode on " + cluster, e);
        }
    }

    private static Path binary(Path cluster) throws IOException {
        String major = Files.readString(cluster.resolve("PG_VERSION")).strip();
        Path workingDirectory = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        List<Path> candidates;
        try (Stream<Path> extracted = Files.list(workingDirectory)) {
            candidates = extracted
                    .filter(directory -> directory.getFileName().toString().startsWith("PG-")
                            && Files.exists(directory.resolve(".exists")))
                    .map(directory -> directory.resolve("bin").resolve("postgres"))
                    .filter(Files::isExecutable)
                    .sorted(Comparator.comparing(SingleUserMode::modified).reversed())
                    .toList();
        }
        for (Path candidate : candidates) {
            if (majorVersion(candidate).filter(major::equals).isPresent()) {
                return candidate;
            }
        }
        throw new IllegalStateException("No PostgreSQL " + major + " binary among zonky's in " + workingDirectory
                + " to run " + cluster + " in single-user mode");
    }

    /** {@code postgres -V} prints {@code postgres (PostgreSQL) 14.22}. */
    private static Optional<String> majorVersion(Path postgres) {
        try {
            Process version = new ProcessBuilder(postgres.toString(), "-V").redirectErrorStream(true).start();
            String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
                return Optional.empty();
            }
            String number = printed.substring(printed.lastIndexOf(' ') + 1);
            return Optional.of(number.contains(".") ? number.substring(0, number.indexOf('.')) : number);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
