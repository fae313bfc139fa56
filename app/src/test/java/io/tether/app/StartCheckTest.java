package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar tether.jar start-check [settings]} starts Tether, stops it once it is ready and says whether it
 * started: the build runs it to record the class archive the run command loads, and an operator can run it to try
 * a configuration. Either way it leaves nothing running, its embedded PostgreSQL included.
 */
class StartCheckTest {

    @Test
    void startCheck_startsTetherOnItsEmbeddedDefaults_thenStopsIt() {
        Path scratch = Path.of("target", "test-data", "start-check-" + UUID.randomUUID());

        int status = TetherApplication.startCheck(new String[] {
                "--server.port=0", "--server.address=127.0.0.1", "--tether.data-dir=" + scratch});

        assertThat(status).as("the start check's exit status").isZero();
        assertThat(scratch.resolve("postgres").resolve("PG_VERSION")).as("the embedded cluster it created").isRegularFile();
        assertThat(scratch.resolve("postgres").resolve("postmaster.pid")).as("a server still running").doesNotExist();
    }

    @Test
    void startCheck_answersOne_whenTetherDoesNotStart() {
        Path scratch = Path.of("target", "test-data", "start-check-refused-" + UUID.randomUUID());

        int status = TetherApplication.startCheck(new String[] {
                "--server.port=0", "--server.address=127.0.0.1", "--tether.data-dir=" + scratch,
                "--tether.processors.batch-size=0"});

        assertThat(status).as("the start check's exit status").isEqualTo(1);
        assertThat(scratch.resolve("postgres").resolve("postmaster.pid")).as("a server still running").doesNotExist();
    }
}
