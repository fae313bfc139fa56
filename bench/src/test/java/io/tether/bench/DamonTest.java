package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's description of the kernel's DAMON monitors, read from a sysfs tree laid out as the kernel's. */
class DamonTest {

    @TempDir
    Path kdamonds;

    private void kdamond(String name, String state, String sampleMicros) throws IOException {
        Path context = kdamonds.resolve(name).resolve("contexts/0");
        Files.createDirectories(context.resolve("monitoring_attrs/intervals"));
        Files.createDirectories(context.resolve("schemes/0"));
        Files.writeString(kdamonds.resolve(name).resolve("state"), state + "\n");
        Files.writeString(context.resolve("operations"), "paddr\n");
        Files.writeString(context.resolve("monitoring_attrs/intervals/sample_us"), sampleMicros + "\n");
        Files.writeString(context.resolve("schemes/0/action"), "pageout\n");
    }

    @Test
    void describesEachRunningMonitor() throws IOException {
        kdamond("0", "on", "500000");
        kdamond("1", "off", "5000");

        assertThat(Benchmark.damon(kdamonds)).isEqualTo("kdamond 0: paddr monitoring, sampling every 500 ms, scheme pageout");
    }

    @Test
    void isEmptyWhenNoneRunsOrTheKernelHasNone() throws IOException {
        kdamond("0", "off", "500000");

        assertThat(Benchmark.damon(kdamonds)).isEmpty();
        assertThat(Benchmark.damon(kdamonds.resolve("absent"))).isEmpty();
    }
}
