package dev.nodemesh.dist;

/** Exposes the connection manager's limits to tests in other packages. */
public final class ConnectionManagerLimits {

    private ConnectionManagerLimits() {}

    /**
     * Returns how many accepted connections may be shaking hands at once.
     *
     * @return the bound
     */
    public static int maxPendingIncoming() {
        return ConnectionManager.MAX_PENDING_INCOMING;
    }
}
