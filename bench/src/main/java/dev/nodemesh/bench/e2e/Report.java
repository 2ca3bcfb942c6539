package dev.nodemesh.bench.e2e;

import static dev.nodemesh.bench.e2e.EndToEnd.ERL_ERL;
import static dev.nodemesh.bench.e2e.EndToEnd.ERL_NM;
import static dev.nodemesh.bench.e2e.EndToEnd.JI_ERL;
import static dev.nodemesh.bench.e2e.EndToEnd.NM_ERL;
import static dev.nodemesh.bench.e2e.EndToEnd.NM_NM;
import static dev.nodemesh.bench.e2e.EndToEnd.RAW;

import dev.nodemesh.bench.e2e.EndToEnd.Mode;
import dev.nodemesh.bench.e2e.EndToEnd.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table, the targets and the JSON of one run. */
final class Report {

    private record Metric(String key, String label, boolean higherIsBetter) {}

    private static final List<Metric> METRICS = List.of(
            new Metric(Results.SMALL, "small {seq, n}, msgs/s", true),
            new Metric(Results.KB1, "1 KB binaries, msgs/s", true),
            new Metric(Results.KB64, "64 KB binaries, MB/s", true),
            new Metric(Results.PING_P50, "ping-pong p50, µs", false),
            new Metric(Results.PING_P99, "ping-pong p99, µs", false),
            new Metric(Results.PING_P999, "ping-pong p999, µs", false),
            new Metric(Results.NET_P50, "  handler on network thread p50, µs", false),
            new Metric(Results.NET_P99, "  handler on network thread p99, µs", false),
            new Metric(Results.NET_P999, "  handler on network thread p999, µs", false),
            new Metric(Results.CALL_P50, "GenServer call p50, µs", false),
            new Metric(Results.CALL_P99, "GenServer call p99, µs", false),
            new Metric(Results.CONCURRENT, "8 senders, msgs/s", true),
            new Metric(Results.SETUP_P50, "set-up median, µs", false),
            new Metric(Results.SETUP_P99, "set-up p99, µs", false),
            new Metric(Results.SETUP_FAILURES, "set-ups failed and repeated", false));

    private static final List<String> COMPARED = List.of(NM_NM, NM_ERL, ERL_NM, JI_ERL);

    /**
     * One target of issue 7.
     *
     * @param name what is compared
     * @param ratio the measured ratio
     * @param bound the ratio asked for
     * @param atLeast whether the ratio must be at least (true) or at most (false) the bound
     */
    record Target(String name, double ratio, double bound, boolean atLeast) {
        boolean met() {
            return atLeast ? ratio >= bound : ratio <= bound;
        }

        String verdict() {
            if (met()) {
                return "met";
            }
            double by = atLeast ? (bound - ratio) / bound : (ratio - bound) / bound;
            return String.format(Locale.ROOT, "missed by %.0f %%", by * 100);
        }
    }

    private Report() {}

    static List<Target> targets(Results r) {
        List<Target> targets = new ArrayList<>();
        ratio(r, NM_NM, ERL_ERL, Results.SMALL)
                .ifPresent(x -> targets.add(new Target("nodemesh→nodemesh small msgs ≥ 10× erl→erl", x, 10, true)));
        ratio(r, NM_ERL, ERL_ERL, Results.SMALL)
                .ifPresent(x -> targets.add(new Target("nodemesh→erl small msgs ≥ 2× erl→erl", x, 2, true)));
        ratio(r, ERL_NM, ERL_ERL, Results.SMALL)
                .ifPresent(x -> targets.add(new Target("erl→nodemesh small msgs ≥ 1.0× erl→erl", x, 1, true)));
        ratio(r, NM_NM, RAW, Results.KB64)
                .ifPresent(x -> targets.add(new Target("nodemesh→nodemesh 64 KB ≥ 0.9× raw TCP stream", x, 0.9, true)));
        ratio(r, NM_NM, RAW, Results.PING_P50)
                .ifPresent(
                        x -> targets.add(new Target("nodemesh→nodemesh ping-pong p50 ≤ 1.2× raw TCP", x, 1.2, false)));
        ratio(r, NM_NM, ERL_ERL, Results.PING_P50)
                .ifPresent(
                        x -> targets.add(new Target("nodemesh→nodemesh ping-pong p50 ≤ 0.9× erl→erl", x, 0.9, false)));
        ratio(r, NM_NM, ERL_ERL, Results.PING_P99)
                .ifPresent(x -> targets.add(new Target("nodemesh→nodemesh ping-pong p99 ≤ erl→erl", x, 1, false)));
        ratioTo(r, NM_NM, Results.NET_P50, RAW, Results.PING_P50)
                .ifPresent(x -> targets.add(
                        new Target("  same, pong handler on the network thread: p50 ≤ 1.2× raw", x, 1.2, false)));
        ratioTo(r, NM_NM, Results.NET_P99, ERL_ERL, Results.PING_P99)
                .ifPresent(x -> targets.add(
                        new Target("  same, pong handler on the network thread: p99 ≤ erl→erl", x, 1, false)));
        ratio(r, ERL_NM, ERL_ERL, Results.CALL_P50)
                .ifPresent(x -> targets.add(new Target("erl→nodemesh GenServer call p50 ≤ erl→erl's", x, 1, false)));
        ratio(r, NM_ERL, ERL_ERL, Results.CALL_P50)
                .ifPresent(x -> targets.add(new Target("nodemesh→erl GenServer call p50 ≤ erl→erl's", x, 1, false)));
        ratio(r, NM_NM, ERL_ERL, Results.SETUP_P50)
                .ifPresent(x -> targets.add(new Target("nodemesh→nodemesh set-up median ≤ erl→erl", x, 1, false)));
        if (r.idle != null) {
            targets.add(new Target(
                    "idle: the JVM's CPU ≤ " + IdleCpu.BOUND_PERCENT + " % of one core",
                    r.idle.jvmPercent() / IdleCpu.BOUND_PERCENT,
                    1,
                    false));
        }
        if (r.slow != null) {
            targets.add(new Target(
                    "slow receiver: sender's heap + direct growth ≤ " + SlowReceiver.BOUND_MB + " MB",
                    r.slow.peakGrowthMb() / SlowReceiver.BOUND_MB,
                    1,
                    false));
        }
        if (r.fanOut != null) {
            for (FanOut.Figure f : r.fanOut.figures()) {
                if (!f.scenario().local()) {
                    targets.add(new Target(
                            "fan-out " + f.scenario().label() + " ≥ " + FanOut.TARGET + "× erl",
                            f.ratio(),
                            FanOut.TARGET,
                            true));
                }
            }
        }
        return targets;
    }

    private static java.util.Optional<Double> ratio(Results r, String pair, String base, String metric) {
        return ratioTo(r, pair, metric, base, metric);
    }

    private static java.util.Optional<Double> ratioTo(
            Results r, String pair, String metric, String base, String baseMetric) {
        Double a = r.get(pair, metric);
        Double b = r.get(base, baseMetric);
        return a == null || b == null || b == 0 ? java.util.Optional.empty() : java.util.Optional.of(a / b);
    }

    static String table(Results r, Mode mode) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "End to end, %s mode (small %,d; 1 KB %,d; 64 KB %,d; ping-pongs and GenServer calls %,d each; set-ups %,d; 8 senders %,d)%n",
                mode,
                mode.small,
                mode.kb1,
                mode.kb64,
                mode.pings,
                mode.setUps,
                mode.concurrent));
        out.append(String.format(
                Locale.ROOT,
                "JVM %s, %d processors, OTP %s, TLS %s; × = the pair's figure ÷ erl→erl's, in this run%n%n",
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(),
                r.otpRelease,
                BenchTls.engineName()));
        List<String> header = new ArrayList<>(List.of("workload", ERL_ERL));
        for (String pair : COMPARED) {
            if (r.figures.containsKey(pair)) {
                header.add(pair);
                header.add("×");
            }
        }
        header.add(RAW);
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Metric metric : METRICS) {
            List<String> row = new ArrayList<>();
            row.add(metric.label);
            Double base = r.get(ERL_ERL, metric.key);
            row.add(cell(base));
            for (String pair : COMPARED) {
                if (r.figures.containsKey(pair)) {
                    Double value = r.get(pair, metric.key);
                    row.add(cell(value));
                    row.add(value == null || base == null ? "" : String.format(Locale.ROOT, "%.2f", value / base));
                }
            }
            row.add(cell(r.get(RAW, metric.key)));
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? cell + pad : "  " + pad + cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (r.idle != null) {
            out.append('\n').append(r.idle.describe()).append('\n');
        }
        if (r.slow != null) {
            out.append('\n').append(r.slow.describe()).append('\n');
        }
        if (r.fanOut != null) {
            out.append('\n').append(r.fanOut.describe()).append('\n');
        }
        out.append("\nTargets (issues 7, 15 and 18):\n");
        for (Target t : targets(r)) {
            out.append(String.format(Locale.ROOT, "  %-62s %8.2f  %s%n", t.name, t.ratio, t.verdict()));
        }
        return out.toString();
    }

    static String format(double value) {
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String cell(Double value) {
        return value == null ? "" : format(value);
    }

    static String json(Results r, Mode mode) {
        StringBuilder out = new StringBuilder("{\"benchmark\":\"end_to_end\",\"mode\":\"")
                .append(mode.name().toLowerCase(Locale.ROOT))
                .append("\",\"tls\":\"")
                .append(BenchTls.engineName())
                .append("\",\"counts\":{")
                .append(String.format(
                        Locale.ROOT,
                        "\"small\":%d,\"binary_1k\":%d,\"binary_64k\":%d,\"ping_pongs\":%d,\"set_ups\":%d,"
                                + "\"senders_8\":%d,\"slow_receiver_seconds\":%d",
                        mode.small,
                        mode.kb1,
                        mode.kb64,
                        mode.pings,
                        mode.setUps,
                        mode.concurrent,
                        mode.slowSeconds))
                .append("},\"machine\":{")
                .append(String.format(
                        Locale.ROOT,
                        "\"processors\":%d,\"jvm\":\"%s\",\"os\":\"%s %s\",\"otp\":\"%s\"",
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.vm.version"),
                        System.getProperty("os.name"),
                        System.getProperty("os.version"),
                        r.otpRelease))
                .append("},\"results\":{");
        boolean firstPair = true;
        for (Map.Entry<String, Map<String, Double>> pair : r.figures.entrySet()) {
            out.append(firstPair ? "" : ",")
                    .append('"')
                    .append(key(pair.getKey()))
                    .append("\":{");
            firstPair = false;
            boolean first = true;
            for (Map.Entry<String, Double> figure : pair.getValue().entrySet()) {
                out.append(first ? "" : ",")
                        .append('"')
                        .append(figure.getKey())
                        .append("\":")
                        .append(String.format(Locale.ROOT, "%.3f", figure.getValue()));
                first = false;
            }
            out.append('}');
        }
        out.append('}');
        if (r.idle != null) {
            out.append(",\"idle_cpu\":").append(r.idle.json());
        }
        if (r.slow != null) {
            out.append(",\"slow_receiver\":").append(r.slow.json());
        }
        if (r.fanOut != null) {
            out.append(",\"fan_out\":").append(r.fanOut.json());
        }
        out.append(",\"targets\":[");
        boolean first = true;
        for (Target t : targets(r)) {
            out.append(first ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"target\":\"%s\",\"ratio\":%.4f,\"bound\":%.2f,\"met\":%b}",
                            t.name.replace("\"", "'"),
                            t.ratio,
                            t.bound,
                            t.met()));
            first = false;
        }
        return out.append("]}\n").toString();
    }

    /**
     * The targets' ratios in every run, and their median.
     *
     * @param runs the runs, in order
     * @return the summary lines
     */
    static String summary(List<Results> runs) {
        StringBuilder out = new StringBuilder("Targets over " + runs.size() + " runs (ratio in each run; median):\n");
        List<List<Target>> all = runs.stream().map(Report::targets).toList();
        for (int i = 0; i < all.get(0).size(); i++) {
            Target first = all.get(0).get(i);
            double[] ratios = new double[all.size()];
            StringBuilder each = new StringBuilder();
            for (int r = 0; r < all.size(); r++) {
                ratios[r] = all.get(r).size() > i ? all.get(r).get(i).ratio() : Double.NaN;
                each.append(String.format(Locale.ROOT, "%6.2f", ratios[r]));
            }
            java.util.Arrays.sort(ratios);
            double median = ratios[ratios.length / 2];
            if (ratios.length % 2 == 0) {
                median = (ratios[ratios.length / 2 - 1] + median) / 2;
            }
            Target med = new Target(first.name(), median, first.bound(), first.atLeast());
            out.append(String.format(
                    Locale.ROOT, "  %-62s %s   median %6.2f  %s%n", first.name(), each, median, med.verdict()));
        }
        return out.toString();
    }

    static String json(List<Results> runs, Mode mode) {
        StringBuilder out = new StringBuilder("{\"benchmark\":\"end_to_end\",\"runs\":[");
        for (int r = 0; r < runs.size(); r++) {
            out.append(r == 0 ? "" : ",").append(json(runs.get(r), mode).strip());
        }
        return out.append("]}\n").toString();
    }

    private static String key(String pair) {
        return pair.replace("→", "_to_").replace(' ', '_').toLowerCase(Locale.ROOT);
    }
}
