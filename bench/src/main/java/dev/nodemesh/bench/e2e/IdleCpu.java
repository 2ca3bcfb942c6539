package dev.nodemesh.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What idle nodes cost: the CPU time the harness's JVM (two nodemesh nodes, connected to each other
 * and to the erl nodes, nothing being sent) and an erl VM in the same state use over a few seconds,
 * as a percentage of one core, with the JVM's busiest threads. A thread that spins while nothing
 * happens shows here.
 */
final class IdleCpu {

    /** Issue 15 asks for "near zero": at most this share of one core for the whole JVM. */
    static final double BOUND_PERCENT = 1.0;

    /**
     * The figures of one measurement.
     *
     * @param seconds how long was measured
     * @param jvmPercent the JVM's CPU time over the interval, in percent of one core
     * @param erlPercent the erl VM's, same unit
     * @param busiest the JVM's busiest threads, name and percent of one core
     */
    record Result(double seconds, double jvmPercent, double erlPercent, List<Map.Entry<String, Double>> busiest) {

        String describe() {
            StringBuilder threads = new StringBuilder();
            for (Map.Entry<String, Double> t : busiest) {
                threads.append(threads.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.2f %%", t.getKey(), t.getValue()));
            }
            return String.format(
                    Locale.ROOT,
                    "Idle for %.0f s (all nodes connected, nothing sent): the JVM with two nodemesh nodes used %.2f %%"
                            + " of one core, an erl VM %.2f %%; busiest JVM threads: %s",
                    seconds,
                    jvmPercent,
                    erlPercent,
                    threads);
        }

        String json() {
            StringBuilder threads = new StringBuilder();
            for (Map.Entry<String, Double> t : busiest) {
                threads.append(threads.isEmpty() ? "" : ",")
                        .append(String.format(
                                Locale.ROOT, "{\"thread\":\"%s\",\"cpu_percent\":%.3f}", t.getKey(), t.getValue()));
            }
            return String.format(
                    Locale.ROOT,
                    "{\"seconds\":%.1f,\"jvm_cpu_percent\":%.3f,\"erl_cpu_percent\":%.3f,\"busiest_threads\":[%s]}",
                    seconds,
                    jvmPercent,
                    erlPercent,
                    threads);
        }
    }

    private IdleCpu() {}

    /**
     * Lets the nodes settle for a second, then measures for the given time.
     *
     * @param erl the erl VM measured beside the JVM
     * @param seconds how long to measure
     * @return the figures
     */
    static Result measure(ErlEndpoint erl, int seconds) throws InterruptedException {
        Thread.sleep(1000); // let the last workload's spins, timers and collections end
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> threadsBefore = threadCpu(threads);
        long jvmBefore = processCpuNanos();
        long erlBefore = erlCpuNanos(erl.pid());
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - start;
        long jvm = processCpuNanos() - jvmBefore;
        long erlUsed = erlCpuNanos(erl.pid()) - erlBefore;
        Map<Long, Long> threadsAfter = threadCpu(threads);

        List<Map.Entry<String, Double>> busiest = new ArrayList<>();
        for (Map.Entry<Long, Long> t : threadsAfter.entrySet()) {
            long used = t.getValue() - threadsBefore.getOrDefault(t.getKey(), 0L);
            ThreadInfo info = threads.getThreadInfo(t.getKey());
            if (info != null && used > 0) {
                busiest.add(Map.entry(info.getThreadName(), 100.0 * used / elapsed));
            }
        }
        busiest.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue())
                .reversed());
        return new Result(
                elapsed / 1e9,
                100.0 * jvm / elapsed,
                100.0 * erlUsed / elapsed,
                List.copyOf(busiest.subList(0, Math.min(3, busiest.size()))));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /** utime + stime of a process from {@code /proc/<pid>/stat}, in nanoseconds (clock ticks of 10 ms). */
    private static long erlCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }
}
