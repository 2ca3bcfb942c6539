package dev.nodemesh.autoconfigure.discovery;

import java.util.Set;

/**
 * One source of cluster members, asked by the {@link DiscoveryPoller} at every poll. The answer
 * comes from outside the node and is bounded by the poller; an implementation throws a {@link
 * DiscoveryException} rather than return what it could not read.
 */
public interface DiscoveryStrategy extends AutoCloseable {

    /**
     * Returns the strategy's name for log lines, such as {@code dns(app.default.svc)}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the current members. Blocks for a bounded time; never called on an event loop.
     *
     * @return the members, possibly including this node (the poller leaves it out)
     * @throws DiscoveryException when the source cannot be read
     */
    Set<DiscoveredNode> members() throws DiscoveryException;

    /**
     * Tells whether the members can change while the node runs; a strategy that cannot (a fixed
     * list) is asked once, at start, and costs no polling thread.
     *
     * @return true unless the members are fixed
     */
    default boolean changes() {
        return true;
    }

    /** Releases what the strategy holds (sockets, threads); called once when the node stops. */
    @Override
    default void close() {}
}
