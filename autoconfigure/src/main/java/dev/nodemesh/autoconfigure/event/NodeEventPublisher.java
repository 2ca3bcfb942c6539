package dev.nodemesh.autoconfigure.event;

import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import java.util.Objects;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes a node's status changes as {@link NodeUpEvent} and {@link NodeDownEvent}, and its
 * failure as {@link NodeFailedEvent}. Listens from its initialization until it is destroyed.
 */
public class NodeEventPublisher implements NodeStatusListener, InitializingBean, DisposableBean {

    private final Node node;

    private final ApplicationEventPublisher publisher;

    /**
     * Creates a publisher.
     *
     * @param node the node to listen to
     * @param publisher where to publish
     */
    public NodeEventPublisher(Node node, ApplicationEventPublisher publisher) {
        this.node = Objects.requireNonNull(node, "node");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    @Override
    public void afterPropertiesSet() {
        node.addStatusListener(this);
    }

    @Override
    public void destroy() {
        node.removeStatusListener(this);
    }

    @Override
    public void nodeUp(NodeName peer, boolean visible) {
        publisher.publishEvent(new NodeUpEvent(node, peer, visible));
    }

    @Override
    public void nodeDown(NodeName peer, NodeDownReason reason) {
        publisher.publishEvent(new NodeDownEvent(node, peer, reason));
    }

    @Override
    public void nodeFailed(Throwable error) {
        publisher.publishEvent(new NodeFailedEvent(node, error));
    }
}
