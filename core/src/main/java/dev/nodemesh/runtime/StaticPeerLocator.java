package dev.nodemesh.runtime;

import dev.nodemesh.NodeName;
import dev.nodemesh.dist.PeerLocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds peers in a table of distribution ports, for nodes that run without EPMD: the configured
 * table, and the ports learned while the node runs (from discovery), which take precedence.
 */
final class StaticPeerLocator implements PeerLocator {

    /** The most ports learned at run time; a discovery source cannot grow the table further. */
    static final int MAX_LEARNED = 65_536;

    private final Map<NodeName, Integer> ports;

    private final Map<NodeName, Integer> learned = new ConcurrentHashMap<>();

    StaticPeerLocator(Map<NodeName, Integer> ports) {
        this.ports = ports;
    }

    /** Learns or updates a peer's port; see {@code Node.learnPeerPort}. */
    void learn(NodeName peer, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port of peer " + peer + " must be 1..65535; got " + port);
        }
        if (learned.size() >= MAX_LEARNED && !learned.containsKey(peer)) {
            throw new IllegalStateException("already " + MAX_LEARNED + " learned peer ports; forget some first");
        }
        learned.put(peer, port);
    }

    /** Forgets a learned port; the configured one, if any, applies again. */
    void forget(NodeName peer) {
        learned.remove(peer);
    }

    @Override
    public InetSocketAddress locate(String peerName) throws IOException {
        NodeName peer = NodeName.parse(peerName);
        Integer port = learned.getOrDefault(peer, ports.get(peer));
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
