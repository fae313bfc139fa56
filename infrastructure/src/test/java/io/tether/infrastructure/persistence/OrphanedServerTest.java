package io.tether.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start finds in {@code postmaster.pid}, and which processes it may stop: only this directory's server. */
class OrphanedServerTest {

    @TempDir
    Path directory;

    @Test
    void aLockFileWhoseProcessIsGone_isRemoved() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(10, TimeUnit.SECONDS);
        Path cluster = Files.createDirectories(directory.resolve("cluster"));
        lockFile(cluster, ended.pid(), cluster);

        OrphanedServer.stopIfAny(cluster, 10);

        assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aLockFileNamingALiveProcessThatIsNoPostgres_isRemoved_andTheProcessLeftAlone() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Path cluster = Files.createDirectories(directory.resolve("cluster"));
            lockFile(cluster, bystander.pid(), cluster);

            OrphanedServer.stopIfAny(cluster, 10);

            assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aRunningServerOfThisDirectory_isStopped_andAnotherDirectorysServerIsNot() throws Exception {
        Path ours = directory.resolve("ours");
        Path theirs = directory.resolve("theirs");
        try (EmbeddedPostgres their = EmbeddedPostgres.builder().setDataDirectory(theirs).start()) {
            long theirPid = serverPid(theirs);
            EmbeddedPostgres our = EmbeddedPostgres.builder().setDataDirectory(ours).start();
            try {
                long ourPid = serverPid(ours);
                // A lock file naming their server's pid, as if another cluster's server had reused it.
                Path stale = Files.createDirectories(directory.resolve("stale"));
                lockFile(stale, theirPid, stale);
                OrphanedServer.stopIfAny(stale, 10);
                assertThat(stale.resolve("postmaster.pid")).doesNotExist();
                assertThat(ProcessHandle.of(theirPid).map(ProcessHandle::isAlive)).contains(true);

                OrphanedServer.stopIfAny(ours, 30);

                assertThat(ProcessHandle.of(ourPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
                assertThat(ours.resolve("postmaster.pid")).doesNotExist();
                assertThat(ProcessHandle.of(theirPid).map(ProcessHandle::isAlive)).contains(true);
            } finally {
                try {
                    our.close();
                } catch (IOException | RuntimeException alreadyStopped) {
                    // zonky's own stop finds the server gone
                }
            }
        }
    }

    private static void lockFile(Path cluster, long pid, Path dataDirectory) throws IOException {
        Files.write(cluster.resolve("postmaster.pid"), List.of(Long.toString(pid), dataDirectory.toAbsolutePath().toString(),
                "1700000000", "5432", "/tmp", "localhost", "  1234567     0", "ready   "));
    }

    private static long serverPid(Path cluster) throws IOException {
        return Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).strip());
    }
}
