package io.tether.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives an operation from several client threads for a warm-up and then a fixed measuring time.
 * Closed loop (each client starts its next operation when the last one ended) or paced (each client
 * keeps to its share of a target rate). Latencies are recorded in microseconds per named timer;
 * only what completes inside the measuring window counts.
 */
final class Load {

    /** One operation; it records its own timings on the probe (an operation may time several requests). */
    interface Operation {
        void run(Probe probe, int client) throws Exception;
    }

    /** What an operation records into; records nothing during the warm-up. */
    static final class Probe {
        private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
        private volatile boolean measuring;

        void record(String timer, long nanos) {
            if (measuring) {
                recorders.computeIfAbsent(timer, name -> new Recorder(3))
                        .recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
            }
        }

        boolean measuring() {
            return measuring;
        }
    }

    /**
     * What one run measured: completed operations, errors, the window, each timer's histogram, and how much of the
     * machine's CPU time was idle in the window (NaN where it cannot be read).
     */
    record Measured(long operations, long errors, double seconds, Map<String, Histogram> timers, String firstError,
                    double machineIdlePercent) {

        double throughput() {
            return seconds <= 0 ? 0 : operations / seconds;
        }

        Histogram timer(String name) {
            Histogram histogram = timers.get(name);
            return histogram == null ? new Histogram(3) : histogram;
        }
    }

    private Load() {
    }

    static Measured closedLoop(int clients, Duration warmup, Duration measure, Operation operation)
            throws InterruptedException {
        return run(clients, warmup, measure, operation, 0);
    }

    static Measured paced(int clients, double operationsPerSecond, Duration warmup, Duration measure,
                          Operation operation) throws InterruptedException {
        return run(clients, warmup, measure, operation, operationsPerSecond);
    }

    private static Measured run(int clients, Duration warmup, Duration measure, Operation operation, double rate)
            throws InterruptedException {
        Probe probe = new Probe();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long interval = rate > 0 ? (long) (clients * 1e9 / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                long next = start + (interval > 0 ? interval * client / clients : 0);
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    if (interval > 0) {
                        if (next > now) {
                            sleepNanos(Math.min(next - now, end - now));
                            if (System.nanoTime() >= end) {
                                return;
                            }
                        }
                        next += interval;
                    }
                    boolean counted = probe.measuring();
                    try {
                        operation.run(probe, client);
                        if (counted && System.nanoTime() <= end) {
                            completed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (counted) {
                            errors.incrementAndGet();
                        }
                        firstError.compareAndSet(null, e.toString());
                        sleepNanos(5_000_000);
                    }
                }
            }, "bench-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        sleepNanos(measureFrom - System.nanoTime());
        probe.measuring = true;
        long measuredFrom = System.nanoTime();
        Optional<MachineCpu> cpuFrom = MachineCpu.read();
        sleepNanos(end - measuredFrom);
        probe.measuring = false;
        double machineIdlePercent = MachineCpu.idlePercent(cpuFrom, MachineCpu.read());
        double seconds = (System.nanoTime() - measuredFrom) / 1e9;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        Map<String, Histogram> timers = new ConcurrentHashMap<>();
        probe.recorders.forEach((name, recorder) -> timers.put(name, recorder.getIntervalHistogram()));
        return new Measured(completed.get(), errors.get(), seconds, timers, firstError.get(), machineIdlePercent);
    }

    /** What each of a group of threads runs once. */
    interface Task {
        void run() throws Exception;
    }

    /** Runs the task on this many threads at once (named {@code name-<n>}), waits for them all, rethrows the first failure. */
    static void inParallel(int threads, String name, Task task) throws Exception {
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    failures.add(e);
                }
            }, name + "-" + i);
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
