package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar tether.jar start-check [settings]} starts Tether, stops it once its readiness endpoint answers 200
 * and says whether it was ready: the build runs it to record the class archive the run command loads, and an operator can run it to try
 * a configuration. Either way it leaves nothing running, its embedded PostgreSQL included.
 */
class StartCheckTest {

    @Test
    void startCheck_startsTetherOnItsEmbeddedDefaults_thenStopsIt() {
        Path scratch = Path.of("target", "test-data", "start-check-" + UUID.randomUUID());

        int status = StartCheck.run(new String[] {
                "--server.port=0", "--server.address=127.0.0.1", "--tether.data-dir=" + scratch});

        assertThat(status).as("the start check's exit status").isZero();
        assertThat(scratch.resolve("postgres").resolve("PG_VERSION")).as("the embedded cluster it created").isRegularFile();
        assertThat(scratch.resolve("postgres").resolve("postmaster.pid")).as("a server still running").doesNotExist();
    }

    @Test
    void startCheck_answersOne_whenTetherDoesNotStart() {
        Path scratch = Path.of("target", "test-data", "start-check-refused-" + UUID.randomUUID());

        int status = StartCheck.run(new String[] {
                "--server.port=0", "--server.address=127.0.0.1", "--tether.data-dir=" + scratch,
                "--tether.processors.batch-size=0"});

        assertThat(status).as("the start check's exit status").isEqualTo(1);
        assertThat(scratch.resolve("postgres").resolve("postmaster.pid")).as("a server still running").doesNotExist();
    }

    @Test
    void startCheck_answersOne_whenTetherStartsButIsNotReady() {
        Path scratch = Path.of("target", "test-data", "start-check-not-ready-" + UUID.randomUUID());

        // An identity provider whose keys cannot be fetched: Tether starts, readiness says DOWN (`identity`).
        int status = StartCheck.run(new String[] {
                "--server.port=0", "--server.address=127.0.0.1", "--tether.data-dir=" + scratch,
                "--tether.security.jwt.jwk-set-uri=http://127.0.0.1:9/keys", "--tether.start-check.timeout=3s"});

        assertThat(status).as("the start check's exit status").isEqualTo(1);
        assertThat(scratch.resolve("postgres").resolve("postmaster.pid")).as("a server still running").doesNotExist();
    }
}
