package dev.nodemesh.bench.memory;

import dev.nodemesh.Cookie;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MessageHandler;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an idle mailbox costs on the heap, next to what an idle Erlang process costs in {@code
 * erlang:memory(processes)}, measured in the same run (issue 4: at most 265 bytes, a tenth of
 * Erlang's 2,650 or so).
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar dev.nodemesh.bench.memory.IdleMailboxMemory [count]
 * </pre>
 *
 * <p>For each {@link Kind} of mailbox, on a fresh node: the retained heap (after full collections,
 * settled) before and after creating {@code count} mailboxes that stay referenced, divided by
 * {@code count}; the live class histogram before and after, which says where the bytes are; and
 * the bytes the creating thread allocated, garbage included. The array
 * holding the mailboxes and the registered names' strings exist before the first reading, so
 * they are not counted: they are the caller's, not the library's. Then {@code erl} spawns as many
 * idle processes (see {@link ErlangIdleProcesses}); skipped when {@code erl} is not installed.
 * Prints a table and one JSON line to standard output, where the person running it reads them (a
 * command-line tool, not a library: no logger).
 */
public final class IdleMailboxMemory {

    /** Issue 4's bound: bytes per idle mailbox. */
    static final double TARGET_BYTES = 265;

    private static final long SETTLE_TOLERANCE = 16 * 1024;

    /**
     * The heap one kind of mailbox holds.
     *
     * @param kind the {@link Kind}'s label
     * @param count how many mailboxes were created
     * @param retained the growth of the heap in use after full collections, in bytes
     * @param allocated the bytes the creating thread allocated, garbage included
     * @param classes the growth of the live class histogram, largest first
     * @param closeMillis how long closing the node (and so every mailbox) took, in milliseconds
     */
    record Measurement(
            String kind, int count, long retained, long allocated, List<ClassGrowth> classes, long closeMillis) {

        double perMailbox() {
            return (double) retained / count;
        }

        long histogramBytes() {
            return classes.stream().mapToLong(ClassGrowth::bytes).sum();
        }
    }

    /**
     * How much one class's live instances grew.
     *
     * @param name the class name, as the histogram prints it
     * @param instances the added instances
     * @param bytes the added bytes
     */
    record ClassGrowth(String name, long instances, long bytes) {}

    /** The kinds of idle mailbox measured, each on a fresh node. */
    enum Kind {
        /** {@code node.createMailbox()}: read with {@code receive}. */
        ANONYMOUS,
        /** {@code node.createMailbox(name)}: also reachable as {@code {name, node}}. */
        REGISTERED,
        /** {@code node.createMailbox(null, handler)}: run by the node's dispatch threads. */
        HANDLER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        Mailbox create(Node node, String name) {
            return switch (this) {
                case ANONYMOUS -> node.createMailbox();
                case REGISTERED -> node.createMailbox(name);
                case HANDLER -> node.createMailbox(null, IDLE_HANDLER);
            };
        }
    }

    /** Never called: the mailboxes stay idle. One instance for all, as an application's would. */
    private static final MessageHandler IDLE_HANDLER = (message, self) -> {};

    private IdleMailboxMemory() {}

    /**
     * Runs the measurement.
     *
     * @param args the number of mailboxes (default 100,000)
     * @throws Exception when a node cannot start or {@code erl} fails
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        if (count <= 0) {
            throw new IllegalArgumentException("the count must be positive: " + count);
        }
        int epmdPort = freePort();
        HeapProbe probe = new HeapProbe();

        List<Measurement> measurements = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            measurements.add(measure(kind, count, epmdPort, probe));
        }
        Optional<ErlangIdleProcesses.Result> erlang = ErlangIdleProcesses.measure(count);

        report(measurements, erlang);
    }

    /**
     * Creates {@code count} mailboxes of one kind on a fresh node and measures what they hold.
     *
     * @param kind the kind
     * @param count how many
     * @param epmdPort a private EPMD port (the node runs an embedded EPMD there)
     * @param probe the heap probe
     * @return the figures
     * @throws IOException when the node cannot start
     */
    static Measurement measure(Kind kind, int count, int epmdPort, HeapProbe probe) throws IOException {
        Mailbox[] held = new Mailbox[count];
        String[] names = new String[count];
        if (kind == Kind.REGISTERED) {
            for (int i = 0; i < count; i++) {
                names[i] = "idle_" + i;
            }
        }
        NodeConfig config = NodeConfig.builder("membench_" + kind.label() + "@localhost")
                .cookie(Cookie.of("membench"))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .build();
        Node node = Node.start(config);
        try {
            for (int i = 0; i < 16; i++) {
                // Loads and links everything creating a mailbox touches before the first reading.
                kind.create(node, "warm_" + i).close();
            }
            // A node closed just before (the previous kind's) stays reachable until its threads
            // have exited; the first reading waits for it to be gone. The second histogram sees the
            // first one's text, as the last one sees the second's.
            String classesBefore = probe.liveHistogramWithOnly(Node.class.getName(), 1);
            classesBefore = probe.liveHistogram();
            long before = probe.settledUsed(SETTLE_TOLERANCE);
            long allocatedBefore = HeapProbe.threadAllocated();
            for (int i = 0; i < count; i++) {
                held[i] = kind.create(node, names[i]);
            }
            long allocated = HeapProbe.threadAllocated() - allocatedBefore;
            long after = probe.settledUsed(SETTLE_TOLERANCE);
            String classesAfter = probe.liveHistogram();
            Reference.reachabilityFence(held);
            Reference.reachabilityFence(names);
            long closing = System.nanoTime();
            node.close();
            return new Measurement(
                    kind.label(),
                    count,
                    after - before,
                    allocated,
                    growth(HeapProbe.parseHistogram(classesBefore), HeapProbe.parseHistogram(classesAfter)),
                    (System.nanoTime() - closing) / 1_000_000);
        } finally {
            node.close();
        }
    }

    /**
     * Returns how each class's live instances grew between two histograms, largest first.
     *
     * @param before the first histogram
     * @param after the second
     * @return the classes whose bytes changed
     */
    static List<ClassGrowth> growth(Map<String, long[]> before, Map<String, long[]> after) {
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<ClassGrowth> classes = new ArrayList<>();
        for (String name : names) {
            long[] b = before.getOrDefault(name, new long[2]);
            long[] a = after.getOrDefault(name, new long[2]);
            if (a[1] != b[1]) {
                classes.add(new ClassGrowth(name, a[0] - b[0], a[1] - b[1]));
            }
        }
        classes.sort(Comparator.comparingLong(ClassGrowth::bytes).reversed());
        return classes;
    }

    private static void report(List<Measurement> measurements, Optional<ErlangIdleProcesses.Result> erlang) {
        Measurement anonymous = measurements.get(0);
        int count = anonymous.count();
        System.out.printf(
                Locale.ROOT,
                "Idle mailboxes: %,d each; JDK %s, %s, max heap %d MiB, UseCompressedOops=%s, ObjectAlignmentInBytes=%s%n%n",
                count,
                System.getProperty("java.version"),
                HeapProbe.collectors(),
                Runtime.getRuntime().maxMemory() >> 20,
                HeapProbe.vmOption("UseCompressedOops"),
                HeapProbe.vmOption("ObjectAlignmentInBytes"));
        for (Measurement m : measurements) {
            System.out.printf(
                    Locale.ROOT,
                    "%s mailbox: %.1f B retained (heap in use), %.1f B by class histogram, %.1f B allocated while creating;"
                            + " closing the node took %,d ms%n",
                    m.kind(),
                    m.perMailbox(),
                    (double) m.histogramBytes() / count,
                    (double) m.allocated() / count,
                    m.closeMillis());
            for (ClassGrowth c : m.classes()) {
                if (Math.abs(c.bytes()) * 100 < count) {
                    continue; // under 0.01 B per mailbox: background noise
                }
                System.out.printf(
                        Locale.ROOT,
                        "    %-52s %+,10d instances %8s each %8.2f B per mailbox%n",
                        c.name(),
                        c.instances(),
                        c.instances() > 0 ? Long.toString(c.bytes() / c.instances()) + " B" : "",
                        (double) c.bytes() / count);
            }
            System.out.println();
        }

        String erlangFigure = erlang.map(e -> String.format(Locale.ROOT, "%,.1f", e.bytesPerProcess()))
                .orElse("skipped (erl not found)");
        System.out.printf(
                Locale.ROOT, "| %-46s | %12s | %10s |%n", "what (" + fmt(count) + " each)", "bytes each", "vs Erlang");
        System.out.printf(Locale.ROOT, "|%s|%s:|%s:|%n", "-".repeat(48), "-".repeat(13), "-".repeat(11));
        for (Measurement m : measurements) {
            System.out.printf(
                    Locale.ROOT,
                    "| %-46s | %12s | %10s |%n",
                    "nodemesh " + m.kind() + " mailbox (retained heap)",
                    String.format(Locale.ROOT, "%,.1f", m.perMailbox()),
                    erlang.map(e -> percent(m.perMailbox() / e.bytesPerProcess()))
                            .orElse("–"));
        }
        System.out.printf(
                Locale.ROOT,
                "| %-46s | %12s | %10s |%n",
                "Erlang idle process, memory(processes)"
                        + erlang.map(e -> " OTP " + e.otpRelease()).orElse(""),
                erlangFigure,
                erlang.isPresent() ? "100 %" : "–");
        boolean met = anonymous.perMailbox() <= TARGET_BYTES;
        System.out.printf(
                Locale.ROOT,
                "%nTarget: anonymous idle mailbox <= %.0f B: %s (%.1f B)%n%n",
                TARGET_BYTES,
                met ? "met" : "NOT met",
                anonymous.perMailbox());

        StringBuilder json = new StringBuilder("{\"benchmark\":\"idle_mailboxes\"");
        json.append(",\"count\":").append(count);
        json.append(",\"java\":\"").append(System.getProperty("java.version")).append('"');
        json.append(",\"gc\":\"").append(HeapProbe.collectors()).append('"');
        json.append(",\"compressed_oops\":").append(HeapProbe.vmOption("UseCompressedOops"));
        for (Measurement m : measurements) {
            String key = m.kind();
            json.append(String.format(Locale.ROOT, ",\"%s_bytes\":%.1f", key, m.perMailbox()));
            json.append(String.format(
                    Locale.ROOT, ",\"%s_histogram_bytes\":%.1f", key, (double) m.histogramBytes() / count));
            json.append(
                    String.format(Locale.ROOT, ",\"%s_allocated_bytes\":%.1f", key, (double) m.allocated() / count));
        }
        if (erlang.isPresent()) {
            ErlangIdleProcesses.Result e = erlang.get();
            json.append(",\"erlang_otp\":\"").append(e.otpRelease()).append('"');
            json.append(String.format(Locale.ROOT, ",\"erlang_process_bytes\":%.1f", e.bytesPerProcess()));
            json.append(String.format(
                    Locale.ROOT, ",\"anonymous_vs_erlang\":%.4f", anonymous.perMailbox() / e.bytesPerProcess()));
        } else {
            json.append(",\"erlang_otp\":null,\"erlang_process_bytes\":null,\"anonymous_vs_erlang\":null");
        }
        json.append(String.format(Locale.ROOT, ",\"target_bytes\":%.0f,\"target_met\":%b}", TARGET_BYTES, met));
        System.out.println(json);
    }

    private static String fmt(int count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
