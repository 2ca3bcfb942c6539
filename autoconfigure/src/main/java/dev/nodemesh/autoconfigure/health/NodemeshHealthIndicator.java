package dev.nodemesh.autoconfigure.health;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.NodeLifecycle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the application's node: DOWN when it no longer listens for other nodes (with the error
 * when an {@link Error} on one of its threads closed it), or when a node of {@code
 * nodemesh.health.required-nodes} is not connected; UP otherwise. The details name
 * the node, its address, how many nodes are connected and which required ones are missing.
 */
public class NodemeshHealthIndicator extends AbstractHealthIndicator {

    private final NodeLifecycle lifecycle;

    private final List<NodeName> requiredNodes;

    /**
     * Creates the indicator.
     *
     * @param lifecycle the lifecycle of the node to check
     * @param requiredNodes the nodes that must be connected
     */
    public NodemeshHealthIndicator(NodeLifecycle lifecycle, List<NodeName> requiredNodes) {
        super("nodemesh health check failed");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.requiredNodes = List.copyOf(requiredNodes);
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
                .withDetail("connectedNodes", connected.size());
        if (missing.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("missingNodes", missing);
        }
    }
}
