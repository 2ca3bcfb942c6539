package dev.nodemesh.handshake;

/**
 * Fired as a Netty user event by {@link HandshakeHandler} when the handshake succeeds. A listener
 * after the handler installs the post-handshake handlers while it handles this event; the
 * handshake handler removes itself afterwards and passes any bytes it already received on to them.
 *
 * @param peerName the peer's full node name
 * @param peerFlags the peer's capability flags, {@linkplain DistFlags#expand expanded}
 * @param peerCreation the peer's creation, an unsigned 32-bit value
 * @param initiator whether this node dialled the connection
 */
public record HandshakeCompleted(String peerName, long peerFlags, int peerCreation, boolean initiator) {

    /** Shows the flags in hex and the creation unsigned. */
    @Override
    public String toString() {
        return "HandshakeCompleted[peerName=" + peerName + ", peerFlags=0x" + Long.toHexString(peerFlags)
                + ", peerCreation=" + Integer.toUnsignedString(peerCreation) + ", initiator=" + initiator + "]";
    }
}
