package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The embedded PostgreSQL keeps its server log in its data directory, for as long as it runs. */
class EmbeddedPostgresLogTest extends EndToEndTest {

    @Value("${tether.data-dir}")
    Path dataDirectory;

    @Test
    void theServersLog_keepsWhatHappensAfterStartup() {
        String marker = "tether_log_probe_" + UUID.randomUUID().toString().replace('-', '_');

        assertThatThrownBy(() -> jdbc.execute("SELECT " + marker + "()")).hasMessageContaining(marker);

        Path logs = dataDirectory.resolve("postgres").resolve("log");
        await("the error in the server's log").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(logged(logs)).contains(marker));
    }

    private static String logged(Path logs) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }
}
