package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import java.util.Objects;

/**
 * The application's node closed itself after an {@link Error} on one of its threads (out of
 * memory, a stack overflow): its connections are closed, so its peers saw it go down, and its name
 * is released in EPMD. The application decides what comes next; to exit, for example:
 *
 * <pre>{@code
 * @EventListener
 * void onNodeFailed(NodeFailedEvent event) {
 *     System.exit(SpringApplication.exit(context, () -> 70));
 * }
 * }</pre>
 *
 * {@link #getNode()} is the application's own node here.
 */
public class NodeFailedEvent extends NodeEvent {

    private static final long serialVersionUID = 1L;

    private final Throwable error;

    /**
     * Creates an event.
     *
     * @param localNode the application's node, now closed
     * @param error what was thrown
     */
    public NodeFailedEvent(Node localNode, Throwable error) {
        super(localNode, localNode.name());
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Returns the error that closed the node.
     *
     * @return the error
     */
    public Throwable getError() {
        return error;
    }

    @Override
    public String toString() {
        return "NodeFailedEvent[" + getNode() + ", " + error + "]";
    }
}
