package dev.nodemesh.dist;

/** Reaches a connection's channel for tests in other packages. */
public final class ConnectionChannels {

    private ConnectionChannels() {}

    /**
     * Stops reading from the connection's socket, as a peer that hangs would.
     *
     * @param connection the connection
     */
    public static void stopReading(Connection connection) {
        connection.channel().config().setAutoRead(false);
    }

    /**
     * Tells whether the connection's outbound buffer is below its high water mark.
     *
     * @param connection the connection
     * @return whether writable
     */
    public static boolean isWritable(Connection connection) {
        return connection.channel().isWritable();
    }
}
