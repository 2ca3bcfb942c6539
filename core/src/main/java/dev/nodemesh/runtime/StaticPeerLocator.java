package dev.nodemesh.runtime;

import dev.nodemesh.NodeName;
import dev.nodemesh.dist.PeerLocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Finds peers in a fixed table of distribution ports, for nodes that run without EPMD. */
final class StaticPeerLocator implements PeerLocator {

    private final Map<NodeName, Integer> ports;

    StaticPeerLocator(Map<NodeName, Integer> ports) {
        this.ports = ports;
    }

    @Override
    public InetSocketAddress locate(String peerName) throws IOException {
        NodeName peer = NodeName.parse(peerName);
        Integer port = ports.get(peer);
        if (port == null) {
            throw new IOException("no port is configured for " + peer
                    + " and this node runs without EPMD; add it with NodeConfig.Builder.peer(\"" + peer + "\", port)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(peer.host()), port);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host '" + peer.host() + "'", e);
        }
    }
}
