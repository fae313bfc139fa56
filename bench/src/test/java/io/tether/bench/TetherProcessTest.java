package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tether's request log read back by the bench: the durations of one kind of request in a time window. */
class TetherProcessTest {

    private static final Pattern READS = Pattern.compile("POST /integrations/accounts/[^ ]+/credentials 200");

    @TempDir
    Path directory;

    @Test
    void readsTheDurationsOfTheMatchingRequestsLoggedInTheWindow() throws IOException {
        Path log = directory.resolve("tether.log");
        Files.writeString(log, String.join("\n",
                line("2026-12-05T00:37:40.899Z", "POST /integrations/accounts/a1/credentials 200 9ms"),
                line("2026-12-05T00:37:40.910Z", "POST /integrations/accounts/a1/credentials 200 3ms"),
                line("2026-12-05T00:37:40.911Z", "GET /integrations/accounts/a1 200 1ms"),
                line("2026-12-05T00:37:40.912Z", "POST /integrations/accounts/a2/credentials 404 2ms"),
                "2026-12-05T00:37:40.913Z  INFO 29093 --- [tether] [   scheduling-1] io.tether.command.Other : POST /x 200 5ms",
                line("2026-12-05T00:37:40.913Z", "POST /integrations/accounts/a3/credentials 200 27ms"),
                line("2026-12-05T00:37:41.000Z", "POST /integrations/accounts/a3/credentials 200 8ms")) + "\n");

        assertThat(TetherProcess.loggedMillis(log, READS, Instant.parse("2026-12-05T00:37:40.900Z"),
                Instant.parse("2026-12-05T00:37:41.000Z"))).containsExactly(3L, 27L);
    }

    @Test
    void startsTetherOnTheJavaItIsGiven_withTheJvmOptionsBeforeTheJar() throws IOException {
        Path java = directory.resolve("other-java");
        Files.writeString(java, "#!/bin/sh\necho \"other java: $*\"\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.createFile(directory.resolve("tether.jar"));

        assertThatThrownBy(() -> TetherProcess.start(java.toString(), jar, TetherProcess.freePort(), "secret",
                List.of("--tether.x=1"), List.of("-Xmx384m"), Duration.ofSeconds(30)))
                .hasMessageContaining("Tether exited with 3 before it was ready")
                .hasMessageContaining("other java: -Xmx384m -jar " + jar.toAbsolutePath())
                .hasMessageContaining("--tether.x=1");
    }

    private static String line(String at, String request) {
        return at + "  INFO 29093 --- [tether] [1-36617-exec-14] io.tether.requests                       : " + request
                + " bench org=cb0ecf11-c4fc-47d3-9060-8dce9476dec3 request_id=202efdd9-7ed5-4568-8d6b-05873fc68b6b";
    }
}
