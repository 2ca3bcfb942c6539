package dev.nodemesh.handshake;

import io.netty.channel.Channel;

/**
 * Decides, on the acceptor side, whether an initiator that announced itself may go on: the
 * connection table implements it to resolve simultaneous connects and to spot a peer that is
 * still connected.
 *
 * <p>Called on the channel's event loop, after the name and the mandatory flags were checked; it
 * must not block.
 */
@FunctionalInterface
public interface HandshakeArbiter {

    /** The answer to an initiator, sent to it as its status. */
    enum Decision {
        /** Go on ({@code ok}). */
        OK,
        /** Go on; this node abandons its own attempt towards the peer ({@code ok_simultaneous}). */
        OK_SIMULTANEOUS,
        /** Stop; this node's own attempt towards the peer wins ({@code nok}). */
        NOK,
        /** Refused ({@code not_allowed}). */
        NOT_ALLOWED,
        /**
         * The peer is still connected ({@code alive}); the initiator says whether to replace that
         * connection.
         */
        ALIVE
    }

    /**
     * Decides about an initiator.
     *
     * @param peerName the full node name it announced, already validated
     * @param peerFlags its capability flags, {@linkplain DistFlags#expand expanded}
     * @param channel the channel of this attempt
     * @return the decision
     */
    Decision admit(String peerName, long peerFlags, Channel channel);
}
