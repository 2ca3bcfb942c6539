package dev.nodemesh.dist;

/** Told when a connection comes up and when it goes down, on that connection's event loop. */
public interface ConnectionListener {

    /**
     * A connection finished its handshake; no message from it has been handed on yet.
     *
     * @param connection the new connection
     */
    void connectionUp(Connection connection);

    /**
     * A connection ended; every message that came on it has been handed on already.
     *
     * @param connection the ended connection
     * @param reason why it ended
     */
    void connectionDown(Connection connection, DisconnectReason reason);

    /**
     * An attempt failed before its connection came up.
     *
     * @param peer the peer, or null for an incoming attempt that never named itself
     * @param incoming whether the peer dialled this node
     * @param kind a short stable word: the handshake failure in lower case, or {@code unreachable}
     * @param detail what went wrong; never contains the cookie
     */
    default void attemptFailed(dev.nodemesh.term.Atom peer, boolean incoming, String kind, String detail) {}
}
