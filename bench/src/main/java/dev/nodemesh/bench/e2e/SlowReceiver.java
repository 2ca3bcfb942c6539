package dev.nodemesh.bench.e2e;

import dev.nodemesh.Mailbox;
import dev.nodemesh.NodeName;
import dev.nodemesh.term.Binary;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sender ten times faster than its receiver: nodemesh sends 64 KiB binaries as fast as it can to
 * a sink on an erl node whose whole VM runs 10 ms out of every 100 ms (paused with {@code SIGSTOP},
 * resumed with {@code SIGCONT}), so the receiver takes at most a tenth of what the sender offers.
 * Measured on the sender: its direct memory (where outgoing frames live) sampled every 5 ms, and
 * its heap after a full collection before and after; the growth must stay bounded.
 */
final class SlowReceiver {

    /** The growth issue 7 accepts as "bounded" here: a few water marks' worth, nowhere near the heap. */
    static final double BOUND_MB = 64;

    /** Sending stops when the sender's memory has grown this much (the backlog is unbounded). */
    static final double CAP_MB = 512;

    private static final double MB = 1 << 20;

    /**
     * The figures of one run.
     *
     * @param seconds how long the sender sent
     * @param sentMb what it handed to {@code send}, in MiB
     * @param peakDirectGrowthMb the largest growth of direct memory seen
     * @param heapGrowthMb heap in use after a full collection, end minus start
     * @param capped whether sending stopped at {@link #CAP_MB}
     */
    record Result(double seconds, double sentMb, double peakDirectGrowthMb, double heapGrowthMb, boolean capped) {

        double peakGrowthMb() {
            return peakDirectGrowthMb + Math.max(0, heapGrowthMb);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "Slow receiver (nodemesh→erl, 64 KB binaries, erl VM running 10 ms in 100): sent %.0f MB in %.1f s"
                            + " (%.0f MB/s offered); sender's direct memory grew at most %.1f MB, heap after GC %+.1f MB%s",
                    sentMb,
                    seconds,
                    sentMb / seconds,
                    peakDirectGrowthMb,
                    heapGrowthMb,
                    capped ? "; stopped at the " + (int) CAP_MB + " MB cap: unbounded" : "");
        }

        String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"seconds\":%.2f,\"sent_mb\":%.1f,\"peak_direct_growth_mb\":%.2f,\"heap_growth_mb\":%.2f,"
                            + "\"capped\":%b}",
                    seconds,
                    sentMb,
                    peakDirectGrowthMb,
                    heapGrowthMb,
                    capped);
        }
    }

    private SlowReceiver() {}

    static Result run(NodemeshEndpoint sender, ErlEndpoint receiver, int seconds) throws InterruptedException {
        receiver.startSink(Integer.MAX_VALUE, sender.node());
        NodeName target = NodeName.parse(receiver.node());
        byte[] bytes = new byte[65536];
        Arrays.fill(bytes, (byte) 0x2a);
        Binary binary = Binary.wrap(bytes);
        long heapBefore = heapAfterGc();
        long directBefore = direct();
        AtomicLong peakDirect = new AtomicLong(directBefore);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (running.get()) {
                        peakDirect.accumulateAndGet(direct(), Math::max);
                        NodemeshEndpoint.pause(5);
                    }
                },
                "slow-sampler");
        Thread pauser = new Thread(
                () -> {
                    while (running.get()) {
                        signal(receiver.pid(), "-CONT");
                        NodemeshEndpoint.pause(10);
                        signal(receiver.pid(), "-STOP");
                        NodemeshEndpoint.pause(90);
                    }
                    signal(receiver.pid(), "-CONT");
                },
                "slow-pauser");
        sampler.start();
        pauser.start();
        long sent = 0;
        boolean capped = false;
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        long t1 = t0;
        try (Mailbox from = sender.nodemesh().createMailbox()) {
            while (System.nanoTime() < deadline) {
                from.send("nm_sink", target, binary);
                sent++;
                if ((sent & 63) == 0 && (peakDirect.get() - directBefore) / MB > CAP_MB) {
                    capped = true;
                    break;
                }
            }
            t1 = System.nanoTime();
        } finally {
            running.set(false);
            NodemeshEndpoint.join(pauser);
            NodemeshEndpoint.join(sampler);
        }
        double elapsed = (t1 - t0) / 1e9;
        peakDirect.accumulateAndGet(direct(), Math::max);
        sender.nodemesh().disconnect(target);
        NodemeshEndpoint.pause(500);
        long heapAfter = heapAfterGc();
        return new Result(
                elapsed,
                sent * bytes.length / MB,
                (peakDirect.get() - directBefore) / MB,
                (heapAfter - heapBefore) / MB,
                capped);
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Direct memory in use: Netty's own counter (buffers without a cleaner) plus the JDK's pool. */
    static long direct() {
        long netty = Math.max(0, PlatformDependent.usedDirectMemory());
        long jdk = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdk += pool.getMemoryUsed();
            }
        }
        return netty + jdk;
    }

    static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            if (Math.abs(previous - used) < (1 << 20)) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
