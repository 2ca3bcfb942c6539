package dev.nodemesh.autoconfigure.dashboard;

import dev.nodemesh.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the traffic counters of a node's connections into a {@link TrafficHistory} at a fixed
 * interval, on one daemon thread from {@link #start()} until {@link #close()}.
 */
public final class TrafficSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrafficSampler.class);

    private final Node node;

    private final TrafficHistory history;

    private final Duration interval;

    private final Clock clock;

    private ScheduledExecutorService timer;

    /**
     * Creates a sampler.
     *
     * @param node the node to read
     * @param history where the samples go
     * @param interval how often to read
     * @param clock what dates the readings
     */
    public TrafficSampler(Node node, TrafficHistory history, Duration interval, Clock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.history = Objects.requireNonNull(history, "history");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes a first reading now and starts reading at the interval. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread =
                    new Thread(runnable, "nodemesh-dashboard-" + node.name().alive());
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(this::sample, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            history.record(node.nodes(), clock.instant());
        } catch (RuntimeException e) {
            // keep sampling: one failed reading leaves a gap in the charts, not a dead view
            log.debug("could not read the traffic of {}'s connections", node.name(), e);
        }
    }

    /** Stops reading and waits (a few seconds at most) for the thread to end. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the traffic sampler of {} did not stop within 5s", node.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer = null;
        }
    }
}
