package dev.nodemesh.handshake;

import java.util.Objects;

/**
 * Fired as a Netty user event by {@link HandshakeHandler} just before it closes the channel of a
 * failed handshake. Nothing the peer sent after the failure is processed.
 *
 * @param cause why the handshake failed
 */
public record HandshakeFailed(HandshakeException cause) {

    /**
     * Creates the event.
     *
     * @throws NullPointerException if {@code cause} is null
     */
    public HandshakeFailed {
        Objects.requireNonNull(cause, "cause");
    }
}
