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
}
