package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JVM options the bench starts Tether with: the README's run command's, the class archive found beside the jar. */
class JvmArgumentsTest {

    @Test
    void jarDirectory_standsForTheDirectoryOfTheJar() {
        Path jar = Path.of("some", "build", "tether.jar");

        assertThat(Benchmark.jvmArguments(" -Xmx384m  -XX:SharedArchiveFile={jar-dir}/tether.jsa ", jar)).containsExactly(
                "-Xmx384m", "-XX:SharedArchiveFile=" + jar.toAbsolutePath().getParent() + "/tether.jsa");
    }

    @Test
    void noOptions_startsTetherWithTheJvmsDefaults() {
        assertThat(Benchmark.jvmArguments("  ", Path.of("tether.jar"))).isEmpty();
    }
}
