package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.discovery.DiscoveryPoller;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's {@link Node} with the application context.
 *
 * <p>The node listens and is registered with EPMD from the moment its bean exists. When the
 * context starts, after the {@link dev.nodemesh.spring.NodeProcess} beans are registered, this
 * lifecycle {@link Node#activate() activates} the node, which from then on accepts connections
 * (peers that connected earlier waited in the listen backlog; see {@code
 * nodemesh.listen.accept-after-startup}), and begins connecting to the configured startup nodes
 * and to the members discovery finds ({@code nodemesh.discovery.*});
 * when it stops (on shutdown), the node is closed:
 * connected nodes see it go down at once and its EPMD registration is released. It stops in
 * phase {@value #PHASE}, after the web server has finished its graceful shutdown, so requests still
 * being served can reach other nodes.
 *
 * <p>A closed node cannot start again: starting the context after stopping it fails.
 */
public class NodeLifecycle implements SmartLifecycle {

    /** The phase in which the node starts and stops: after the web server stops. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycle.class);

    private final Node node;

    private final StartupConnections startupConnections;

    private final DiscoveryPoller discovery;

    private final Instant startedAt = Instant.now();

    private volatile boolean running;

    private volatile boolean stopped;

    /**
     * Creates a lifecycle that runs a node and connects to no node at startup, for applications
     * that define their own lifecycle bean.
     *
     * @param node the node
     */
    public NodeLifecycle(Node node) {
        this(node, StartupConnections.none(node), null);
    }

    NodeLifecycle(Node node, StartupConnections startupConnections, DiscoveryPoller discovery) {
        this.node = Objects.requireNonNull(node, "node");
        this.startupConnections = Objects.requireNonNull(startupConnections, "startupConnections");
        this.discovery = discovery;
    }

    /**
     * Returns the node this lifecycle runs.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Returns when the node was taken into service by the application context.
     *
     * @return the instant
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Tells whether the node is listening: true until the lifecycle stops it.
     *
     * @return whether the node listens
     */
    public boolean isListening() {
        return !stopped;
    }

    @Override
    public void start() {
        if (stopped) {
            throw new IllegalStateException("node " + node.name() + " was closed when the application context"
                    + " stopped and cannot start again; refresh the context to run a new node");
        }
        node.activate();
        startupConnections.start();
        if (discovery != null) {
            discovery.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopped = true;
        if (discovery != null) {
            discovery.stop();
        }
        startupConnections.stop();
        node.close();
        log.debug("node {} stopped with the application context", node.name());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
