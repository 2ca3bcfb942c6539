package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;

/** Why a connection to a peer ended, with the atom OTP uses for it as {@code nodedown_reason}. */
public enum DisconnectReason {
    /** The peer closed the TCP connection or it broke. */
    CONNECTION_CLOSED("connection_closed"),
    /** Nothing was read from the peer for about the tick time. */
    NET_TICK_TIMEOUT("net_tick_timeout"),
    /** This node disconnected on request. */
    DISCONNECT("disconnect"),
    /** The peer sent something that is not valid distribution traffic. */
    PROTOCOL_ERROR("protocol_error"),
    /** A new connection to the same peer replaced this one. */
    REPLACED("wait_pending"),
    /** This node shut down. */
    SHUTDOWN("shutdown");

    private final Atom atom;

    DisconnectReason(String atom) {
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
