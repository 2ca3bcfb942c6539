package dev.nodemesh.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end harness of issue 7: on loopback, in one run, the same workloads for each pair
 * (erl→erl, nodemesh→nodemesh, nodemesh→erl, erl→nodemesh, JInterface→erl) and a raw TCP floor;
 * prints one table with every nodemesh figure as a ratio to erl→erl (or to the floor) from the
 * same run, the targets met or missed, and writes the same as JSON.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar dev.nodemesh.bench.e2e.EndToEnd [--quick|--full] [--json FILE]
 * </pre>
 *
 * <p>Every node is on loopback with {@code @localhost} names and one private EPMD port: the first
 * nodemesh node runs the embedded EPMD on it, the erl nodes use it through {@code ERL_EPMD_PORT}.
 * The erl nodes are hidden ({@code -hidden}), as nodemesh and JInterface nodes are, so no pair
 * pays for {@code global}. Workloads run one after the other, each for every pair in turn, after a
 * warm-up of every workload at its measured size, small messages three times: the JVM's compiler
 * needs about three million small messages here before a nodemesh node reaches its steady rate,
 * and a figure taken earlier measures the compiler, not the node. The GenServer call workload ({@code call}) makes
 * as many sequential calls as the ping-pong workload makes round trips, from one caller to {@code
 * nm_call} ({@code gen_server:call} from erl, {@code GenServer.call} from nodemesh), for every pair
 * but JInterface→erl.
 *
 * <p>A command-line tool: the table and the progress lines go to standard output on purpose
 * ({@code System.out}), where the person running it reads them, not to a logger.
 */
public final class EndToEnd {

    /** How big each workload is. */
    enum Mode {
        QUICK(100_000, 20_000, 2_000, 10_000, 100, 100_000, 3),
        FULL(1_000_000, 200_000, 20_000, 100_000, 1_000, 1_000_000, 10);

        final int small;
        final int kb1;
        final int kb64;
        final int pings;
        final int setUps;
        final int concurrent;
        final int slowSeconds;

        Mode(int small, int kb1, int kb64, int pings, int setUps, int concurrent, int slowSeconds) {
            this.small = small;
            this.kb1 = kb1;
            this.kb64 = kb64;
            this.pings = pings;
            this.setUps = setUps;
            this.concurrent = concurrent;
            this.slowSeconds = slowSeconds;
        }
    }

    static final int SENDERS = 8;

    /** How many times the small-message and fan-out workloads run, at full size, before they are measured. */
    static final int THROUGHPUT_WARM_UPS = 3;

    static final String ERL_ERL = "erl→erl";
    static final String NM_NM = "nodemesh→nodemesh";
    static final String NM_ERL = "nodemesh→erl";
    static final String ERL_NM = "erl→nodemesh";
    static final String JI_ERL = "JInterface→erl";
    static final String RAW = "raw TCP";

    private record Pair(String label, Endpoint sender, Endpoint receiver) {}

    private final Mode mode;
    private final List<Results> runs = new ArrayList<>();
    private Results results;
    private int repeat = 1;
    private final List<AutoCloseable> started = new ArrayList<>();

    private static final String USAGE =
            "usage: [--quick|--full] [--json FILE] [--pairs erl-erl,nm-nm,nm-erl,erl-nm,ji-erl]"
                    + " [--workloads small,1k,64k,ping,call,senders,setup,idle,slow,fanout]";

    private final Set<String> pairFilter;
    private final Set<String> workloadFilter;

    private EndToEnd(Mode mode, Set<String> pairFilter, Set<String> workloadFilter) {
        this.mode = mode;
        this.pairFilter = pairFilter;
        this.workloadFilter = workloadFilter;
    }

    private boolean runs(String workload) {
        return workloadFilter == null || workloadFilter.contains(workload);
    }

    private static String shortName(String pair) {
        return switch (pair) {
            case ERL_ERL -> "erl-erl";
            case NM_NM -> "nm-nm";
            case NM_ERL -> "nm-erl";
            case ERL_NM -> "erl-nm";
            case JI_ERL -> "ji-erl";
            default -> pair;
        };
    }

    /**
     * Runs the harness.
     *
     * @param args {@code --quick} (default) or {@code --full}; {@code --json FILE} (default {@code
     *     e2e-<mode>.json} in the working directory)
     * @throws Exception when a node cannot be started or a workload fails
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Mode mode = Mode.QUICK;
        Path json = null;
        Set<String> pairs = null;
        Set<String> workloads = null;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--full" -> mode = Mode.FULL;
                case "--json" -> json = Path.of(args[++i]);
                case "--pairs" -> pairs = Set.of(args[++i].split(","));
                case "--workloads" -> workloads = Set.of(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(USAGE);
            }
        }
        if (json == null) {
            json = Path.of("e2e-" + mode.name().toLowerCase(Locale.ROOT) + ".json");
        }
        EndToEnd harness = new EndToEnd(mode, pairs, workloads);
        harness.repeat = Math.max(1, runs);
        Thread cleanup = new Thread(harness::closeAll, "e2e-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            harness.run();
        } finally {
            harness.closeAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        for (int r = 0; r < harness.runs.size(); r++) {
            System.out.println();
            if (harness.runs.size() > 1) {
                System.out.println("Run " + (r + 1) + " of " + harness.runs.size());
            }
            System.out.println(harness.runs.get(r).table(mode));
        }
        if (harness.runs.size() > 1) {
            System.out.println(Report.summary(harness.runs));
        }
        Files.writeString(
                json, harness.runs.size() == 1 ? harness.runs.get(0).json(mode) : Report.json(harness.runs, mode));
        System.out.println("JSON written to " + json.toAbsolutePath());
    }

    private void run() throws IOException, InterruptedException {
        String cookie = "nm-bench-" + UUID.randomUUID();
        int epmdPort = freePort();
        Path moduleDir = compileErlangModule();
        log("mode " + mode + ", private EPMD port " + epmdPort + ", erl module in " + moduleDir);

        NodemeshEndpoint nma = start(new NodemeshEndpoint("nma@localhost", cookie, epmdPort));
        NodemeshEndpoint nmb = start(new NodemeshEndpoint("nmb@localhost", cookie, epmdPort));
        ErlEndpoint erla = start(new ErlEndpoint("erla@localhost", cookie, epmdPort, moduleDir));
        ErlEndpoint erlb = start(new ErlEndpoint("erlb@localhost", cookie, epmdPort, moduleDir));
        Endpoint jint = startJInterface("jint@localhost", cookie, epmdPort);
        String otpRelease = erla.eval("erlang:system_info(otp_release)").replace("\"", "");

        List<Pair> pairs = new ArrayList<>(List.of(
                new Pair(ERL_ERL, erla, erlb),
                new Pair(NM_NM, nma, nmb),
                new Pair(NM_ERL, nma, erlb),
                new Pair(ERL_NM, erla, nmb)));
        if (jint != null) {
            pairs.add(new Pair(JI_ERL, jint, erlb));
        }
        if (pairFilter != null) {
            pairs.removeIf(p -> !pairFilter.contains(shortName(p.label)));
        }
        for (Endpoint receiver : List.of(erlb, nmb)) {
            receiver.startPong();
            receiver.startCallServer();
        }
        FanOut fanOut = null;
        if (runs("fanout")) {
            NodemeshEndpoint nmc = start(new NodemeshEndpoint("nmc@localhost", cookie, epmdPort));
            List<ErlEndpoint> visible = new ArrayList<>();
            for (String name : List.of("erlf1@localhost", "erlf2@localhost", "erlf3@localhost")) {
                visible.add(start(new ErlEndpoint(name, cookie, epmdPort, moduleDir, false)));
            }
            fanOut = new FanOut(List.of(nma, nmb, nmc), visible);
            for (int i = 0; i < THROUGHPUT_WARM_UPS; i++) {
                fanOut.run(mode.small);
            }
        }

        log("warm-up: every workload at its measured size (small messages three times), every pair");
        for (Pair pair : pairs) {
            if (runs("small")) {
                for (int i = 0; i < THROUGHPUT_WARM_UPS; i++) {
                    small(pair, mode.small);
                }
            }
            if (runs("1k")) {
                binary(pair, mode.kb1, 1024);
            }
            if (runs("64k")) {
                binary(pair, mode.kb64, 65536);
            }
            if (runs("ping")) {
                pair.sender.pingPong(pair.receiver.node(), mode.pings, "nm_pong");
                if (pair.receiver.kind().equals("nodemesh")) {
                    pair.sender.pingPong(pair.receiver.node(), mode.pings, "nm_pong_net");
                }
            }
            if (runs("call") && makesCalls(pair)) {
                pair.sender.genCall(pair.receiver.node(), mode.pings);
            }
            if (runs("senders")) {
                concurrent(pair, mode.concurrent);
            }
            if (runs("setup")) {
                pair.sender.setUp(pair.receiver.node(), 10);
            }
        }
        if (runs("ping")) {
            RawTcp.pingPong(mode.pings);
        }
        if (runs("64k")) {
            RawTcp.stream(mode.kb64, 65536);
        }
        for (int r = 1; r <= repeat; r++) {
            if (repeat > 1) {
                log("run " + r + " of " + repeat);
            }
            results = new Results();
            results.otpRelease = otpRelease;
            runs.add(results);
            measure(pairs, nma, erlb);
            if (fanOut != null) {
                log("fan-out: one publisher, process groups over three nodes");
                results.fanOut = fanOut.run(mode.small);
                log(results.fanOut.describe());
            }
        }
    }

    private void measure(List<Pair> pairs, NodemeshEndpoint nma, ErlEndpoint erlb) throws InterruptedException {
        if (runs("ping")) {
            log("raw TCP ping-pong");
            Percentiles raw = RawTcp.pingPong(mode.pings);
            results.put(RAW, Results.PING_P50, raw.p50() / 1e3);
            results.put(RAW, Results.PING_P99, raw.p99() / 1e3);
            results.put(RAW, Results.PING_P999, raw.p999() / 1e3);
        }
        if (runs("64k")) {
            log("raw TCP stream");
            long streamMicros = RawTcp.stream(mode.kb64, 65536);
            results.put(RAW, Results.KB64, mb(mode.kb64, 65536, streamMicros));
        }

        for (Pair pair : runs("small") ? pairs : List.<Pair>of()) {
            long micros = small(pair, mode.small);
            results.put(pair.label, Results.SMALL, mode.small * 1e6 / micros);
            log(pair.label + " small: " + Results.format(mode.small * 1e6 / micros) + " msgs/s");
        }
        for (Pair pair : runs("1k") ? pairs : List.<Pair>of()) {
            long micros = binary(pair, mode.kb1, 1024);
            results.put(pair.label, Results.KB1, mode.kb1 * 1e6 / micros);
            log(pair.label + " 1 KB: " + Results.format(mode.kb1 * 1e6 / micros) + " msgs/s");
        }
        for (Pair pair : runs("64k") ? pairs : List.<Pair>of()) {
            long micros = binary(pair, mode.kb64, 65536);
            results.put(pair.label, Results.KB64, mb(mode.kb64, 65536, micros));
            log(pair.label + " 64 KB: " + Results.format(mb(mode.kb64, 65536, micros)) + " MB/s");
        }
        for (Pair pair : runs("ping") ? pairs : List.<Pair>of()) {
            Percentiles p = pair.sender.pingPong(pair.receiver.node(), mode.pings, "nm_pong");
            results.put(pair.label, Results.PING_P50, p.p50() / 1e3);
            results.put(pair.label, Results.PING_P99, p.p99() / 1e3);
            results.put(pair.label, Results.PING_P999, p.p999() / 1e3);
            log(pair.label + " ping-pong: " + p);
            if (pair.receiver.kind().equals("nodemesh")) {
                p = pair.sender.pingPong(pair.receiver.node(), mode.pings, "nm_pong_net");
                results.put(pair.label, Results.NET_P50, p.p50() / 1e3);
                results.put(pair.label, Results.NET_P99, p.p99() / 1e3);
                results.put(pair.label, Results.NET_P999, p.p999() / 1e3);
                log(pair.label + " ping-pong, handler on the network thread: " + p);
            }
        }
        for (Pair pair : runs("call") ? pairs : List.<Pair>of()) {
            if (makesCalls(pair)) {
                Percentiles p = pair.sender.genCall(pair.receiver.node(), mode.pings);
                results.put(pair.label, Results.CALL_P50, p.p50() / 1e3);
                results.put(pair.label, Results.CALL_P99, p.p99() / 1e3);
                log(pair.label + " GenServer call: " + p);
            }
        }
        for (Pair pair : runs("senders") ? pairs : List.<Pair>of()) {
            long micros = concurrent(pair, mode.concurrent);
            results.put(pair.label, Results.CONCURRENT, mode.concurrent * 1e6 / micros);
            log(pair.label + " 8 senders: " + Results.format(mode.concurrent * 1e6 / micros) + " msgs/s");
        }
        for (Pair pair : runs("setup") ? pairs : List.<Pair>of()) {
            Percentiles p = pair.sender.setUp(pair.receiver.node(), mode.setUps);
            results.put(pair.label, Results.SETUP_P50, p.p50() / 1e3);
            results.put(pair.label, Results.SETUP_P99, p.p99() / 1e3);
            if (p.failures() > 0) {
                results.put(pair.label, Results.SETUP_FAILURES, p.failures());
            }
            log(pair.label + " set-up: " + p);
        }

        if (runs("idle")) {
            for (Pair pair : pairs) {
                pair.sender.pingPong(pair.receiver.node(), 10, "nm_pong"); // every pair connected
            }
            log("idle nodes: CPU time over " + mode.slowSeconds + " s");
            results.idle = IdleCpu.measure(erlb, mode.slowSeconds);
            log(results.idle.describe());
        }
        if (runs("slow")) {
            log("slow receiver: nodemesh→erl, the erl VM running 10 % of the time");
            results.slow = SlowReceiver.run(nma, erlb, mode.slowSeconds);
            log(results.slow.describe());
        }
    }

    /** GenServer calls run between erl and nodemesh endpoints only (not from JInterface). */
    private static boolean makesCalls(Pair pair) {
        return !pair.sender.kind().equals("JInterface");
    }

    private long small(Pair pair, int n) {
        pair.receiver.startSink(n, pair.sender.node());
        return pair.sender.sendSmall(pair.receiver.node(), n);
    }

    private long binary(Pair pair, int n, int size) {
        pair.receiver.startSink(n, pair.sender.node());
        return pair.sender.sendBinary(pair.receiver.node(), n, size);
    }

    private long concurrent(Pair pair, int n) {
        int total = n / SENDERS * SENDERS;
        pair.receiver.startSink(total, pair.sender.node());
        return pair.sender.sendConcurrent(pair.receiver.node(), total, SENDERS);
    }

    private static double mb(int n, int size, long micros) {
        return (double) n * size / micros;
    }

    private <T extends AutoCloseable> T start(T endpoint) {
        synchronized (started) {
            started.add(endpoint);
        }
        return endpoint;
    }

    private Endpoint startJInterface(String node, String cookie, int epmdPort) {
        try {
            Class<?> type = Class.forName("dev.nodemesh.bench.e2e.JInterfaceEndpoint");
            return start((Endpoint) type.getDeclaredConstructor(String.class, String.class, int.class)
                    .newInstance(node, cookie, epmdPort));
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            log("JInterface→erl skipped: JInterface is not on the class path (install Debian's erlang-jinterface,"
                    + " which provides /usr/share/java/OtpErlang.jar, and rebuild)");
            return null;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot start the JInterface node", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path compileErlangModule() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("nodemesh-e2e-");
        dir.toFile().deleteOnExit();
        Path source = dir.resolve("nm_bench.erl");
        try (InputStream in = EndToEnd.class.getResourceAsStream("nm_bench.erl")) {
            if (in == null) {
                throw new IOException("nm_bench.erl is missing from the jar");
            }
            Files.copy(in, source);
        }
        Process erlc = new ProcessBuilder("erlc", "-o", dir.toString(), source.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(erlc.getInputStream().readAllBytes());
        if (!erlc.waitFor(60, TimeUnit.SECONDS) || erlc.exitValue() != 0) {
            erlc.destroyForcibly();
            throw new IOException("erlc failed: " + output);
        }
        source.toFile().deleteOnExit();
        dir.resolve("nm_bench.beam").toFile().deleteOnExit();
        return dir;
    }

    private void closeAll() {
        List<AutoCloseable> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                log("closing " + all.get(i) + " failed: " + e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void log(String line) {
        System.out.printf("[e2e %tT] %s%n", System.currentTimeMillis(), line);
    }

    /** The figures of one run, by pair and metric, in insertion order. */
    static final class Results {
        static final String SMALL = "small_msgs_per_s";
        static final String KB1 = "binary_1k_msgs_per_s";
        static final String KB64 = "binary_64k_mb_per_s";
        static final String PING_P50 = "ping_pong_p50_us";
        static final String PING_P99 = "ping_pong_p99_us";
        static final String PING_P999 = "ping_pong_p999_us";
        static final String NET_P50 = "ping_pong_network_thread_p50_us";
        static final String NET_P99 = "ping_pong_network_thread_p99_us";
        static final String NET_P999 = "ping_pong_network_thread_p999_us";
        static final String CALL_P50 = "gen_call_p50_us";
        static final String CALL_P99 = "gen_call_p99_us";
        static final String CONCURRENT = "senders_8_msgs_per_s";
        static final String SETUP_P50 = "set_up_median_us";
        static final String SETUP_P99 = "set_up_p99_us";
        static final String SETUP_FAILURES = "set_up_failures";

        final Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
        String otpRelease = "?";
        SlowReceiver.Result slow;
        IdleCpu.Result idle;
        FanOut.Result fanOut;

        void put(String pair, String metric, double value) {
            figures.computeIfAbsent(pair, k -> new LinkedHashMap<>()).put(metric, value);
        }

        Double get(String pair, String metric) {
            Map<String, Double> m = figures.get(pair);
            return m == null ? null : m.get(metric);
        }

        String table(Mode mode) {
            return Report.table(this, mode);
        }

        String json(Mode mode) {
            return Report.json(this, mode);
        }

        static String format(double value) {
            return Report.format(value);
        }
    }
}
