package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import java.util.Objects;

/**
 * An attempt of the auto-configuration to connect to another node failed: a startup connection
 * (which is retried) or a connect asked for through the {@code nodes} actuator endpoint.
 */
public class NodeConnectFailedEvent extends NodeEvent {

    private static final long serialVersionUID = 1L;

    private final String failure;

    /**
     * Creates an event.
     *
     * @param localNode the application's node
     * @param node the node that could not be reached
     * @param failure why, as {@link Node#connectFailure} tells it
     */
    public NodeConnectFailedEvent(Node localNode, NodeName node, String failure) {
        super(localNode, node);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Tells why the connection failed.
     *
     * @return the reason, for people to read
     */
    public String getFailure() {
        return failure;
    }

    @Override
    public String toString() {
        return "NodeConnectFailedEvent[" + getNode() + ", " + failure + "]";
    }
}
