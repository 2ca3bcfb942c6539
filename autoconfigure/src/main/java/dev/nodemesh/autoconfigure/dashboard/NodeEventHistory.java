package dev.nodemesh.autoconfigure.dashboard;

import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The latest node-up and node-down events of a node, at most {@code capacity} of them, the oldest
 * dropped first. Listens to the node from {@link #start()} until {@link #close()}.
 */
public final class NodeEventHistory implements NodeStatusListener, AutoCloseable {

    private final Node node;

    private final int capacity;

    private final Clock clock;

    private final ArrayDeque<ClusterEvent> events = new ArrayDeque<>();

    /**
     * Creates an empty history.
     *
     * @param node the node whose events to keep
     * @param capacity how many events to keep
     * @param clock what dates the events
     * @throws IllegalArgumentException when the capacity is not positive
     */
    public NodeEventHistory(Node node, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.node = Objects.requireNonNull(node, "node");
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts listening to the node. */
    public void start() {
        node.addStatusListener(this);
    }

    /** Stops listening to the node. */
    @Override
    public void close() {
        node.removeStatusListener(this);
    }

    @Override
    public void nodeUp(NodeName peer, boolean visible) {
        add(new ClusterEvent(clock.instant(), peer.toString(), "up", visible, null));
    }

    @Override
    public void nodeDown(NodeName peer, NodeDownReason reason) {
        add(new ClusterEvent(
                clock.instant(), peer.toString(), "down", null, reason.atom().name()));
    }

    private synchronized void add(ClusterEvent event) {
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
    }

    /**
     * Returns the events kept, newest first.
     *
     * @return a copy
     */
    public synchronized List<ClusterEvent> latest() {
        List<ClusterEvent> newestFirst = new ArrayList<>(events);
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
