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

    /**
     * Tells that the packets of one read from the socket have all been handed to {@link
     * #onMessage}: work deferred while handling them (waking the threads that take them) is done
     * now, once per read rather than once per packet.
     *
     * @param from the connection that was read
     */
    default void readComplete(Connection from) {}
}
