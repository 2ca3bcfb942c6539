package dev.nodemesh;

import dev.nodemesh.term.Atom;

/** Why a connected node went down, named as OTP's {@code nodedown_reason}. */
public enum NodeDownReason {
    /** The peer closed the connection, or it broke. */
    CONNECTION_CLOSED("connection_closed"),
    /** Nothing came from the peer for about the tick time. */
    NET_TICK_TIMEOUT("net_tick_timeout"),
    /** This node disconnected it on request. */
    DISCONNECT("disconnect"),
    /** The peer sent something that is not valid distribution traffic. */
    PROTOCOL_ERROR("protocol_error"),
    /** The peer reconnected, and the new connection replaced this one. */
    REPLACED("wait_pending"),
    /** This node shut down. */
    SHUTDOWN("shutdown");

    private final Atom atom;

    NodeDownReason(String atom) {
        this.atom = Atom.of(atom);
    }

    /**
     * Returns the reason as OTP names it.
     *
     * @return the atom
     */
    public Atom atom() {
        return atom;
    }
}
