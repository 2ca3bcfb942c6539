package dev.nodemesh.runtime;

import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeName;
import dev.nodemesh.dist.PeerLocator;
import dev.nodemesh.epmd.EpmdClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/** Finds a peer through the EPMD on the peer's host, as erl does. */
final class EpmdPeerLocator implements PeerLocator {

    private final NodeConfig config;

    EpmdPeerLocator(NodeConfig config) {
        this.config = config;
    }

    @Override
    public InetSocketAddress locate(String peerName) throws IOException {
        NodeName peer = NodeName.parse(peerName);
        InetAddress host;
        try {
            host = InetAddress.getByName(peer.host());
        } catch (UnknownHostException e) {
            throw new IOException("unknown host '" + peer.host() + "'", e);
        }
        EpmdClient epmd = new EpmdClient(new InetSocketAddress(host, config.epmdPort()), config.handshakeTimeout());
        OptionalInt port = epmd.portOf(peer.alive());
        if (port.isEmpty()) {
            throw new IOException("no node '" + peer.alive() + "' is registered with EPMD on " + peer.host() + ":"
                    + config.epmdPort());
        }
        return new InetSocketAddress(host, port.getAsInt());
    }
}
