package io.tether.infrastructure.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running on this data directory by a Tether that was killed (SIGKILL, OOM killer):
 * PID 1 adopts it, it keeps the cluster's lock, and the next start would fail on {@code postmaster.pid}.
 * Before the embedded server starts, such an orphan is stopped cleanly (a fast shutdown: its clients are gone
 * with the killed process) and a lock file whose process is gone is removed. Only a postgres process whose
 * working directory is this data directory is ever signalled: PostgreSQL changes into its data directory at
 * start, which tells our server from another cluster's that happens to have the recorded pid.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);
    private static final String LOCK_FILE = "postmaster.pid";

    private OrphanedServer() {
    }

    /** Stops this data directory's orphaned server, or clears its stale lock file; nothing when neither is there. */
    static void stopIfAny(Path dataDirectory, long timeoutSeconds) throws IOException {
        Path lockFile = dataDirectory.resolve(LOCK_FILE);
        if (Files.notExists(lockFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(lockFile);
        Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> servesThisDirectory(process, dataDirectory, lines));
        if (server.isEmpty()) {
            log.warn("Removing {}: no PostgreSQL of this data directory runs under the pid it names", lockFile);
            Files.deleteIfExists(lockFile);
            return;
        }
        ProcessHandle orphan = server.get();
        log.warn("A PostgreSQL server (pid {}) is still running on {}, left by a Tether that did not stop; stopping it",
                orphan.pid(), dataDirectory);
        // SIGINT is PostgreSQL's fast shutdown; Java sends only SIGTERM (smart shutdown, which waits for clients):
        // the clients of an orphan died with the process that was killed, so both end the same way.
        if (!fastShutdown(orphan)) {
            orphan.destroy();
        }
        try {
            orphan.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception notStopped) {
            throw new IllegalStateException("The PostgreSQL server left running on " + dataDirectory + " (pid "
                    + orphan.pid() + ") did not stop within " + timeoutSeconds + "s; stop it before starting Tether",
                    notStopped);
        }
        log.info("The orphaned PostgreSQL server (pid {}) stopped; starting afresh", orphan.pid());
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The lock file's second line is the data directory the server was started on; the process must be a
     * postgres and, where {@code /proc} tells (Linux), be working in this data directory.
     */
    private static boolean servesThisDirectory(ProcessHandle process, Path dataDirectory, List<String> lines) {
        try {
            Path ours = dataDirectory.toRealPath();
            if (lines.size() < 2 || !Path.of(lines.get(1).strip()).toRealPath().equals(ours)) {
                return false;
            }
            boolean postgres = process.info().command().map(command -> Path.of(command).getFileName().toString())
                    .map(name -> name.equals("postgres") || name.equals("postgres.exe")).orElse(false);
            Path workingDirectory = Path.of("/proc", Long.toString(process.pid()), "cwd");
            if (Files.exists(Path.of("/proc", "self", "cwd"))) {
                return postgres && Files.exists(workingDirectory) && workingDirectory.toRealPath().equals(ours);
            }
            return postgres;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** {@code kill -INT}, where a {@code kill} command exists; false when it could not be sent. */
    private static boolean fastShutdown(ProcessHandle server) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).redirectErrorStream(true).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
