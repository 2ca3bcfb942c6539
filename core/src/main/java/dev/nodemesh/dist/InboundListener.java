package dev.nodemesh.dist;

/** Receives every decoded packet from every connection, on that connection's event loop. */
@FunctionalInterface
public interface InboundListener {

    /**
     * Handles one packet. Must not block.
     *
     * @param from the connection it came on
     * @param message the control message and its payload
     */
    void onMessage(Connection from, DistMessage message);
}
