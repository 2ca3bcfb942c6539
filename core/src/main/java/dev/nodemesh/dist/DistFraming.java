package dev.nodemesh.dist;

import dev.nodemesh.handshake.DistFlags;

/**
 * How the packets of a connection are framed after the handshake, in both directions; decided by
 * the flags both sides announced.
 */
public enum DistFraming {

    /**
     * {@code 0x70}, then each term with its own version byte {@code 0x83}: the framing when the
     * two sides do not both announce {@link DistFlags#DIST_HDR_ATOM_CACHE} (or {@link
     * DistFlags#FRAGMENTS}).
     */
    PASS_THROUGH,

    /**
     * The distribution header {@code 0x83 0x44}, its atom cache references, then the terms
     * without version bytes: the framing when both sides announce {@link
     * DistFlags#DIST_HDR_ATOM_CACHE} (or {@link DistFlags#FRAGMENTS}).
     */
    DISTRIBUTION_HEADER;

    /**
     * Returns the framing two nodes use: the distribution header when the intersection of their
     * flags has {@link DistFlags#DIST_HDR_ATOM_CACHE} or {@link DistFlags#FRAGMENTS}, as OTP
     * decides it, else pass-through.
     *
     * @param ourFlags the flags this node announced
     * @param peerFlags the flags the peer announced
     * @return the framing of the connection
     */
    public static DistFraming negotiated(long ourFlags, long peerFlags) {
        long both = ourFlags & peerFlags;
        return (both & (DistFlags.DIST_HDR_ATOM_CACHE | DistFlags.FRAGMENTS)) != 0 ? DISTRIBUTION_HEADER : PASS_THROUGH;
    }
}
