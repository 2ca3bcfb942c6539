package dev.nodemesh;

/**
 * Hears of nodes coming up and going down. Calls arrive one at a time, in the order the events
 * happened, on a thread of the node's own: a slow listener delays later events, never the network.
 */
public interface NodeStatusListener {

    /**
     * A connection to a node is up.
     *
     * @param node the node
     * @param visible whether the connection is visible (both sides published) or hidden
     */
    default void nodeUp(NodeName node, boolean visible) {}

    /**
     * The connection to a node is down.
     *
     * @param node the node
     * @param reason why
     */
    default void nodeDown(NodeName node, NodeDownReason reason) {}

    /**
     * A connection attempt failed before the connection came up: a wrong cookie, a timeout, a peer
     * that could not be found, garbage on the socket.
     *
     * @param failure what failed
     */
    default void connectionFailed(ConnectionFailure failure) {}

    /**
     * This node (not a peer) closed itself after an {@link Error} on one of its threads: out of
     * memory, a stack overflow, any other Error in its code or in a handler it ran. Its connections
     * are closed (peers saw it go down) and its name is released in EPMD; what to do next (exit the
     * process, start a new node) is the application's choice. Called once, after the close, on the
     * thread that closed the node.
     *
     * @param error what was thrown
     */
    default void nodeFailed(Throwable error) {}
}
