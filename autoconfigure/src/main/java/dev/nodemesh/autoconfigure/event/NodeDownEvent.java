package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import java.util.Objects;

/** The connection to another node is down, as {@code {:nodedown, node}} tells a BEAM process. */
public class NodeDownEvent extends NodeEvent {

    private static final long serialVersionUID = 1L;

    private final NodeDownReason reason;

    /**
     * Creates an event.
     *
     * @param localNode the application's node
     * @param node the node that went down
     * @param reason why, as OTP's {@code nodedown_reason}
     */
    public NodeDownEvent(Node localNode, NodeName node, NodeDownReason reason) {
        super(localNode, node);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Tells why the node went down.
     *
     * @return the reason
     */
    public NodeDownReason getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "NodeDownEvent[" + getNode() + ", " + reason.atom().name() + "]";
    }
}
