package dev.nodemesh.dist;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Finds where a peer node accepts distribution connections (an EPMD lookup, or a fixed table). */
@FunctionalInterface
public interface PeerLocator {

    /**
     * Finds a peer. May block for a bounded time; never called on an event loop.
     *
     * @param peerName the peer's full name, {@code alive@host}
     * @return its address
     * @throws IOException when it cannot be found; the message says why
     */
    InetSocketAddress locate(String peerName) throws IOException;
}
