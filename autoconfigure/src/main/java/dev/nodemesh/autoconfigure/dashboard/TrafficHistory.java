package dev.nodemesh.autoconfigure.dashboard;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.NodeName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The recent traffic of each connected node, as rates between successive readings of its
 * counters. Bounded twice: at most {@code samplesPerNode} samples per node, the oldest dropped
 * first, and at most {@value #MAX_NODES} nodes, further nodes going without history. A node's
 * history ends when it is no longer connected, and starts again when its connection is new (its
 * counters start again from zero).
 */
public final class TrafficHistory {

    /** The most nodes whose traffic is kept. */
    public static final int MAX_NODES = 100;

    private final int samplesPerNode;

    private final Map<NodeName, Series> series = new HashMap<>();

    /**
     * Creates an empty history.
     *
     * @param samplesPerNode how many samples to keep per node
     * @throws IllegalArgumentException when not positive
     */
    public TrafficHistory(int samplesPerNode) {
        if (samplesPerNode < 1) {
            throw new IllegalArgumentException("samplesPerNode must be positive, was " + samplesPerNode);
        }
        this.samplesPerNode = samplesPerNode;
    }

    /**
     * The number of samples that cover a time span at a sampling interval.
     *
     * @param history the span
     * @param interval the interval
     * @return at least one
     */
    public static int samplesFor(Duration history, Duration interval) {
        long count = history.toMillis() / Math.max(1, interval.toMillis());
        return (int) Math.max(1, Math.min(count, 100_000));
    }

    /**
     * Takes a reading of the connected nodes' counters: adds a sample for each node read before on
     * the same connection, and forgets the nodes that are gone.
     *
     * @param connected the connected nodes, as {@code Node.nodes()} returns them
     * @param now when they were read
     */
    public synchronized void record(List<ConnectedNode> connected, Instant now) {
        Set<NodeName> names = connected.stream().map(ConnectedNode::name).collect(Collectors.toSet());
        series.keySet().retainAll(names);
        for (ConnectedNode node : connected) {
            Series known = series.get(node.name());
            if (known != null && known.last.connectedAt().equals(node.connectedAt())) {
                known.add(node, now);
            } else if (known != null || series.size() < MAX_NODES) {
                series.put(node.name(), new Series(node, now));
            }
        }
    }

    /**
     * Returns the samples of a node, oldest first.
     *
     * @param node the node
     * @return its samples; empty when it has none
     */
    public synchronized List<TrafficSample> samples(NodeName node) {
        Series known = series.get(node);
        return known == null ? List.of() : List.copyOf(known.samples);
    }

    /**
     * Returns how many nodes have a history.
     *
     * @return the number of nodes followed
     */
    public synchronized int size() {
        return series.size();
    }

    /** One node's readings on one connection. */
    private final class Series {

        private final ArrayDeque<TrafficSample> samples = new ArrayDeque<>();

        private ConnectedNode last;

        private Instant lastAt;

        Series(ConnectedNode first, Instant at) {
            this.last = first;
            this.lastAt = at;
        }

        void add(ConnectedNode reading, Instant at) {
            double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
            if (seconds <= 0) {
                return;
            }
            samples.addLast(new TrafficSample(
                    at.toEpochMilli(),
                    perSecond(reading.messagesIn() - last.messagesIn(), seconds),
                    perSecond(reading.messagesOut() - last.messagesOut(), seconds),
                    perSecond(reading.bytesIn() - last.bytesIn(), seconds),
                    perSecond(reading.bytesOut() - last.bytesOut(), seconds)));
            while (samples.size() > samplesPerNode) {
                samples.removeFirst();
            }
            last = reading;
            lastAt = at;
        }

        private static double perSecond(long delta, double seconds) {
            return Math.max(0, delta) / seconds;
        }
    }
}
