package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * Something that happened between the application's {@link Node} and another node. Published on a
 * thread of the node's own, one event at a time in the order things happened; a slow listener
 * delays later events, never the network.
 */
public abstract class NodeEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient NodeName node;

    /**
     * Creates an event.
     *
     * @param localNode the application's node
     * @param node the other node
     */
    protected NodeEvent(Node localNode, NodeName node) {
        super(localNode);
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * Returns the application's node, where the event was seen.
     *
     * @return the local node
     */
    public Node getLocalNode() {
        return (Node) getSource();
    }

    /**
     * Returns the other node.
     *
     * @return its name
     */
    public NodeName getNode() {
        return node;
    }
}
