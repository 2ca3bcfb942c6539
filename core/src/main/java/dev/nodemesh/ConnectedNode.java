package dev.nodemesh;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A snapshot of one connected node and its traffic.
 *
 * @param name the node's name
 * @param visible whether the connection is visible (both sides published) or hidden
 * @param address the peer's socket address
 * @param connectedAt when the handshake finished
 * @param messagesIn packets received from it
 * @param messagesOut packets sent to it
 * @param bytesIn bytes received from it since the handshake
 * @param bytesOut bytes sent to it since the handshake
 * @param lastActivity when a packet last went either way
 * @param limitRefusals monitors and links it asked for beyond the per-peer limits, refused ({@code
 *     NodeConfig.Builder.maxMonitorsPerPeer}, {@code maxLinksPerPeer})
 * @param nodemesh whether the peer is a nodemesh node rather than a BEAM node (Erlang, Elixir):
 *     true once its mesh process has greeted this node, which follows the connection's coming up
 *     by one message; a peer that sends that greeting by hand is taken for a nodemesh node
 */
public record ConnectedNode(
        NodeName name,
        boolean visible,
        InetSocketAddress address,
        Instant connectedAt,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut,
        Instant lastActivity,
        long limitRefusals,
        boolean nodemesh) {}
