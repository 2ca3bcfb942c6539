package dev.nodemesh.autoconfigure.dashboard;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.NodeLifecycle;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ConnectedNodeDescriptor;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ProcessDescriptor;
import dev.nodemesh.spring.NodeProcessRegistrar;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} of the cluster view, read-only: {@code GET /actuator/cluster} is the
 * page, {@code GET /actuator/cluster/snapshot} the {@link ClusterSnapshot} it polls. It shows no
 * cookie and no key material, and has no operation that changes anything.
 */
@Endpoint(id = ClusterViewEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class ClusterViewEndpoint {

    /** The endpoint's id, and so its path under the actuator's base path. */
    public static final String ID = "cluster";

    /** The selector of the JSON snapshot. */
    public static final String SNAPSHOT = "snapshot";

    private final NodeLifecycle lifecycle;

    private final ClusterPage page;

    private final TrafficHistory traffic;

    private final NodeEventHistory events;

    private final Duration sampleInterval;

    private final Clock clock;

    private volatile NodeProcessRegistrar processes;

    /**
     * Creates the endpoint.
     *
     * @param lifecycle the lifecycle of the node to show
     * @param page the page
     * @param traffic the connections' recent traffic
     * @param events the latest node events
     * @param sampleInterval how far apart the traffic samples are
     * @param clock what dates the snapshots
     */
    public ClusterViewEndpoint(
            NodeLifecycle lifecycle,
            ClusterPage page,
            TrafficHistory traffic,
            NodeEventHistory events,
            Duration sampleInterval,
            Clock clock) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.page = Objects.requireNonNull(page, "page");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.events = Objects.requireNonNull(events, "events");
        this.sampleInterval = Objects.requireNonNull(sampleInterval, "sampleInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets the registrar of the {@code @NodeProcess} beans, whose drops count over their restarts.
     *
     * @param processes the registrar, or null
     */
    public void setProcesses(NodeProcessRegistrar processes) {
        this.processes = processes;
    }

    /**
     * Returns the page.
     *
     * @return the HTML document
     */
    @ReadOperation(produces = "text/html;charset=UTF-8")
    public String page() {
        return page.html();
    }

    /**
     * Returns the snapshot the page polls.
     *
     * @param part {@value #SNAPSHOT}
     * @return the snapshot, or null (404) for any other part
     */
    @ReadOperation
    public ClusterSnapshot part(@Selector String part) {
        return SNAPSHOT.equals(part) ? snapshot() : null;
    }

    /**
     * Takes a snapshot of the node now.
     *
     * @return the snapshot
     */
    public ClusterSnapshot snapshot() {
        Node node = lifecycle.node();
        boolean tls = node.config().tls().isPresent();
        List<ClusterSnapshot.Peer> peers =
                node.nodes().stream().map(peer -> peer(peer, tls)).toList();
        NodeProcessRegistrar registrar = processes;
        List<ProcessDescriptor> registered = node.registeredProcesses().stream()
                .map(process -> ProcessDescriptor.of(process, registrar))
                .toList();
        return new ClusterSnapshot(
                clock.instant(),
                sampleInterval.toMillis(),
                new ClusterSnapshot.Self(node.name().toString(), node.config().visible(), tls),
                peers,
                registered,
                events.latest());
    }

    private ClusterSnapshot.Peer peer(ConnectedNode peer, boolean tls) {
        // TLS is the node's setting: every connection of a node with TLS runs inside it
        return new ClusterSnapshot.Peer(
                ConnectedNodeDescriptor.of(peer),
                peer.nodemesh() ? "nodemesh" : "beam",
                tls,
                traffic.samples(peer.name()));
    }
}
