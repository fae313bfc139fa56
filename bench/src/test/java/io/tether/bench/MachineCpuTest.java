package io.tether.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The machine's idle CPU over a row, from /proc/stat's cpu line as Linux writes it. */
class MachineCpuTest {

    @Test
    void idleIsIdleAndIoWait_outOfEveryKindButTheGuestsCountedTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu cpu = MachineCpu.parse("cpu  69588 10 22711 22121 554 0 644 5 900 1");

        assertThat(cpu.idle()).isEqualTo(22121 + 554);
        assertThat(cpu.total()).isEqualTo(69588 + 10 + 22711 + 22121 + 554 + 0 + 644 + 5);
    }

    @Test
    void theShareIdleBetweenTwoReadings_isInPercent_andUnknownWithoutBoth() {
        Optional<MachineCpu> before = Optional.of(new MachineCpu(1_000, 10_000));
        Optional<MachineCpu> after = Optional.of(new MachineCpu(1_050, 10_200));

        assertThat(MachineCpu.idlePercent(before, after)).isEqualTo(25.0);
        assertThat(MachineCpu.idlePercent(before, Optional.empty())).isNaN();
        assertThat(MachineCpu.idlePercent(before, before)).isNaN();
    }

    @Test
    void aLineOtherThanTheCpuLine_isRefused() {
        assertThatThrownBy(() -> MachineCpu.parse("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoadThatKeepsOneCpuBusy_leavesLessThanAllIdle() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "no /proc/stat: not Linux");
        Load.Measured busy = Load.closedLoop(1, Duration.ZERO, Duration.ofMillis(600), (probe, client) -> {
            long until = System.nanoTime() + 1_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });

        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(busy.machineIdlePercent()).isBetween(0.0, 100.0 - 100.0 / cpus * 0.5);
    }
}
