package dev.nodemesh.runtime;

import dev.nodemesh.ConnectionFailure;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's status listeners as one: each event is handed to every listener, in the order they
 * were added, on the node's event thread (a slow listener delays later events, never the network);
 * a listener that throws is logged and the others still hear. Nodeup and failed attempts are no
 * longer told once the node is closing; nodedowns are, so that every nodeup has its nodedown.
 * {@link #nodeFailed} is called on the caller's thread: the event thread has stopped by then.
 */
public final class StatusListeners implements NodeStatusListener {

    private static final Logger log = LoggerFactory.getLogger(StatusListeners.class);

    private final List<NodeStatusListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor events;
    private final BooleanSupplier closing;

    /**
     * Creates the fan-out.
     *
     * @param events the single thread events are told on
     * @param closing tells whether the node is closing
     */
    public StatusListeners(Executor events, BooleanSupplier closing) {
        this.events = events;
        this.closing = closing;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     */
    public void add(NodeStatusListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void remove(NodeStatusListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void nodeUp(NodeName node, boolean visible) {
        if (!closing.getAsBoolean()) {
            tell(l -> l.nodeUp(node, visible), "nodeup of " + node);
        }
    }

    @Override
    public void nodeDown(NodeName node, NodeDownReason reason) {
        tell(l -> l.nodeDown(node, reason), "nodedown of " + node);
    }

    @Override
    public void connectionFailed(ConnectionFailure failure) {
        if (!closing.getAsBoolean()) {
            tell(l -> l.connectionFailed(failure), "a connection failure");
        }
    }

    @Override
    public void nodeFailed(Throwable error) {
        for (NodeStatusListener listener : listeners) {
            try {
                listener.nodeFailed(error);
            } catch (RuntimeException | Error e) {
                log.error("node status listener failed on the failure of the node", e);
            }
        }
    }

    private void tell(Consumer<NodeStatusListener> event, String what) {
        if (listeners.isEmpty()) {
            return;
        }
        events.execute(() -> {
            for (NodeStatusListener listener : listeners) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    log.error("node status listener failed on {}", what, e);
                }
            }
        });
    }
}
