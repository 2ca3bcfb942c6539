package dev.nodemesh.bench.e2e;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency percentiles in nanoseconds, nearest rank (the value at rank {@code ceil(q * n)}), as the
 * Erlang side computes them too.
 *
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the largest
 * @param failures attempts that failed and were repeated (set-ups only)
 */
record Percentiles(long p50, long p99, long p999, long max, int failures) {

    Percentiles(long p50, long p99, long p999, long max) {
        this(p50, p99, p999, max, 0);
    }

    Percentiles withFailures(int count) {
        return new Percentiles(p50, p99, p999, max, count);
    }

    private static final Pattern TUPLE = Pattern.compile("\\{(\\d+),(\\d+),(\\d+),(\\d+)\\}");

    static Percentiles of(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(at(sorted, 0.5), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1]);
    }

    private static long at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /**
     * Reads {@code {P50,P99,P999,Max}} as erl prints it.
     *
     * @param printed the printed tuple
     * @return the percentiles
     */
    static Percentiles parse(String printed) {
        Matcher m = TUPLE.matcher(printed.replaceAll("\\s", ""));
        if (!m.matches()) {
            throw new IllegalStateException("expected {P50,P99,P999,Max}, got " + printed);
        }
        return new Percentiles(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)));
    }
}
