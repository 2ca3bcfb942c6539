package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;

/** A connection to another node is up, as {@code {:nodeup, node}} tells a BEAM process. */
public class NodeUpEvent extends NodeEvent {

    private static final long serialVersionUID = 1L;

    private final boolean visible;

    /**
     * Creates an event.
     *
     * @param localNode the application's node
     * @param node the node that came up
     * @param visible whether the connection is visible (both sides published) or hidden
     */
    public NodeUpEvent(Node localNode, NodeName node, boolean visible) {
        super(localNode, node);
        this.visible = visible;
    }

    /**
     * Tells whether the connection is visible or hidden.
     *
     * @return whether visible
     */
    public boolean isVisible() {
        return visible;
    }

    @Override
    public String toString() {
        return "NodeUpEvent[" + getNode() + (visible ? ", visible]" : ", hidden]");
    }
}
