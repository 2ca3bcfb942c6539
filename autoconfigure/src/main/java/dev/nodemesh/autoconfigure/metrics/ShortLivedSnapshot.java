package dev.nodemesh.autoconfigure.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value taken from a source and kept for a short while, so that the many meters read in one
 * scrape share one look at the node instead of each taking its own.
 *
 * @param <T> the value type
 */
final class ShortLivedSnapshot<T> {

    private final Supplier<T> source;

    private final long lifetimeNanos;

    private T value;

    private long takenAt;

    ShortLivedSnapshot(Supplier<T> source, Duration lifetime) {
        this.source = source;
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** Returns the kept value, or a fresh one when it is older than its lifetime. */
    synchronized T get() {
        if (value == null || System.nanoTime() - takenAt > lifetimeNanos) {
            return refresh();
        }
        return value;
    }

    /** Takes a fresh value and keeps it. */
    synchronized T refresh() {
        value = source.get();
        takenAt = System.nanoTime();
        return value;
    }
}
