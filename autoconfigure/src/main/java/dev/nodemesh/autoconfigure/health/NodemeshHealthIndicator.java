package dev.nodemesh.autoconfigure.health;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.NodeLifecycle;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.ProcessStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the application's node: DOWN when it no longer listens for other nodes (with the error
 * when an {@link Error} on one of its threads closed it), when a node of {@code
 * nodemesh.health.required-nodes} is not connected, or when a {@link
 * dev.nodemesh.spring.NodeProcess} was given up after too many restarts; UP otherwise. The details
 * name the node, its address, whether it accepts connections, how many nodes are connected, which
 * required ones are missing, and each process's status, pid, restarts and last exit reason.
 */
public class NodemeshHealthIndicator extends AbstractHealthIndicator {

    private final NodeLifecycle lifecycle;

    private final List<NodeName> requiredNodes;

    private final NodeProcessRegistrar processes;

    /**
     * Creates the indicator.
     *
     * @param lifecycle the lifecycle of the node to check
     * @param requiredNodes the nodes that must be connected
     */
    public NodemeshHealthIndicator(NodeLifecycle lifecycle, List<NodeName> requiredNodes) {
        this(lifecycle, requiredNodes, null);
    }

    /**
     * Creates the indicator that also reports the {@link dev.nodemesh.spring.NodeProcess} beans.
     *
     * @param lifecycle the lifecycle of the node to check
     * @param requiredNodes the nodes that must be connected
     * @param processes the registrar of the processes to report, or null
     */
    public NodemeshHealthIndicator(
            NodeLifecycle lifecycle, List<NodeName> requiredNodes, NodeProcessRegistrar processes) {
        super("nodemesh health check failed");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.requiredNodes = List.copyOf(requiredNodes);
        this.processes = processes;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Node node = lifecycle.node();
        builder.withDetail("node", node.name().toString());
        Optional<Throwable> failure = node.failure();
        if (failure.isPresent()) {
            builder.down(failure.get()).withDetail("listening", false);
            return;
        }
        if (!lifecycle.isListening() || node.isClosed()) {
            builder.down().withDetail("listening", false);
            return;
        }
        List<ConnectedNode> connected = node.nodes();
        Set<NodeName> names = connected.stream().map(ConnectedNode::name).collect(Collectors.toSet());
        List<String> missing = requiredNodes.stream()
                .filter(required -> !names.contains(required))
                .map(NodeName::toString)
                .toList();
        builder.withDetail("listening", true)
                .withDetail(
                        "address",
                        node.address().getAddress().getHostAddress() + ":"
                                + node.address().getPort())
                .withDetail("accepting", node.isAccepting())
                .withDetail("connectedNodes", connected.size());
        List<String> downProcesses = reportProcesses(builder);
        if (missing.isEmpty() && downProcesses.isEmpty()) {
            builder.up();
            return;
        }
        builder.down();
        if (!missing.isEmpty()) {
            builder.withDetail("missingNodes", missing);
        }
        if (!downProcesses.isEmpty()) {
            builder.withDetail("downProcesses", downProcesses);
        }
    }

    /** Adds each process's status to the details; returns the names of those given up. */
    private List<String> reportProcesses(Health.Builder builder) {
        if (processes == null) {
            return List.of();
        }
        List<ProcessStatus> statuses = processes.statuses();
        if (statuses.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Object>> details = new LinkedHashMap<>();
        for (ProcessStatus status : statuses) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", status.state().name());
            status.pid().ifPresent(pid -> detail.put("pid", pid.toString()));
            detail.put("restarts", status.restarts());
            status.lastExitReason().ifPresent(reason -> detail.put("lastExitReason", reason));
            details.put(status.name(), detail);
        }
        builder.withDetail("processes", details);
        return statuses.stream()
                .filter(status -> status.state() == ProcessStatus.State.DOWN)
                .map(ProcessStatus::name)
                .toList();
    }
}
