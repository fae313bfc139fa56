package io.tether.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time, from the first line of Linux's {@code /proc/stat}: how much of a row's measured time the
 * CPUs had to spare. Tether, its PostgreSQL and the bench share them, so a latency measured when none was spare is a
 * queue for the CPUs as much as Tether's own time.
 *
 * @param idle  ticks idle or waiting for I/O
 * @param total ticks of every kind (user, nice, system, idle, iowait, irq, softirq, steal)
 */
record MachineCpu(long idle, long total) {

    private static final Path STAT = Path.of("/proc/stat");

    /** Now, or empty where there is no {@code /proc/stat} to read. */
    static Optional<MachineCpu> read() {
        try (var lines = Files.lines(STAT)) {
            return lines.findFirst().map(MachineCpu::parse);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The aggregate {@code cpu} line: {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}. */
    static MachineCpu parse(String line) {
        String[] fields = line.strip().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 5) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + line);
        }
        long total = 0;
        // guest and guest_nice are counted in user and nice already.
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        return new MachineCpu(idle, total);
    }

    /** The share of the CPUs' time idle from {@code before} to {@code after}, in percent; NaN without both or any time. */
    static double idlePercent(Optional<MachineCpu> before, Optional<MachineCpu> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Double.NaN;
        }
        long total = after.get().total() - before.get().total();
        return total <= 0 ? Double.NaN : 100.0 * (after.get().idle() - before.get().idle()) / total;
    }
}
