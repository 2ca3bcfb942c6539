package dev.nodemesh.autoconfigure.dashboard;

import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ConnectedNodeDescriptor;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ProcessDescriptor;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the cluster view shows at one moment: this node, its connections with their recent traffic,
 * its registered processes and its latest node events. Holds no cookie and no key material.
 *
 * @param at when it was taken
 * @param sampleIntervalMillis how far apart the traffic samples are, in milliseconds
 * @param self this node
 * @param nodes the connected nodes, sorted by name
 * @param processes the registered processes, sorted by name
 * @param events the latest node events, newest first
 */
public record ClusterSnapshot(
        Instant at,
        long sampleIntervalMillis,
        Self self,
        List<Peer> nodes,
        List<ProcessDescriptor> processes,
        List<ClusterEvent> events)
        implements OperationResponseBody {

    /**
     * This node.
     *
     * @param name its full name
     * @param visible whether it announces itself as visible
     * @param tls whether its distribution connections run inside TLS
     */
    public record Self(String name, boolean visible, boolean tls) {}

    /**
     * A connected node.
     *
     * @param connection the connection and its counters since it came up
     * @param kind {@code nodemesh} for a nodemesh node, {@code beam} for an Erlang or Elixir node
     *     (or a nodemesh node whose greeting has not arrived yet, just after the connection came up)
     * @param tls whether the connection runs inside TLS
     * @param traffic its recent traffic, oldest first
     */
    public record Peer(ConnectedNodeDescriptor connection, String kind, boolean tls, List<TrafficSample> traffic) {}
}
