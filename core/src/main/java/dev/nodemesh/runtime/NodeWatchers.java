package dev.nodemesh.runtime;

import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node monitoring as {@code net_kernel:monitor_nodes(true, [{node_type, all}, nodedown_reason])}
 * gives it: subscribed processes get {@code {:nodeup, node, [node_type: t]}} and {@code
 * {:nodedown, node, [node_type: t, nodedown_reason: r]}}. Both are delivered on the connection's
 * own network thread, so a nodeup is in the mailbox before any message from the new connection,
 * and a nodedown after every message of the old one.
 */
public final class NodeWatchers {

    private static final Atom NODEUP = Atom.of("nodeup");
    private static final Atom NODEDOWN = Atom.of("nodedown");
    private static final Atom NODE_TYPE = Atom.of("node_type");
    private static final Atom NODEDOWN_REASON = Atom.of("nodedown_reason");
    private static final Atom VISIBLE = Atom.of("visible");
    private static final Atom HIDDEN = Atom.of("hidden");

    private final ProcessTable processes;
    private final Set<Pid> subscribers = ConcurrentHashMap.newKeySet();

    /**
     * Creates the node watchers of a node.
     *
     * @param processes the node's processes
     */
    public NodeWatchers(ProcessTable processes) {
        this.processes = processes;
    }

    /**
     * Subscribes a process to node events, or unsubscribes it.
     *
     * @param pid the process
     * @param on whether to subscribe
     */
    public void subscribe(Pid pid, boolean on) {
        if (on) {
            subscribers.add(pid);
        } else {
            subscribers.remove(pid);
        }
    }

    /**
     * A process ended: it hears of no more node events.
     *
     * @param pid the process
     */
    public void exited(Pid pid) {
        subscribers.remove(pid);
    }

    /**
     * A connection came up.
     *
     * @param peer the peer node
     * @param visible whether the peer is a visible node
     */
    public void nodeUp(Atom peer, boolean visible) {
        if (subscribers.isEmpty()) {
            return;
        }
        Tuple message = Tuple.of(NODEUP, peer, TermList.of(nodeType(visible)));
        deliver(message);
    }

    /**
     * A connection went down.
     *
     * @param peer the peer node
     * @param visible whether the peer was a visible node
     * @param reason why it went down
     */
    public void nodeDown(Atom peer, boolean visible, DisconnectReason reason) {
        if (subscribers.isEmpty()) {
            return;
        }
        Tuple message =
                Tuple.of(NODEDOWN, peer, TermList.of(nodeType(visible), Tuple.of(NODEDOWN_REASON, reason.atom())));
        deliver(message);
    }

    private void deliver(Tuple message) {
        for (Pid pid : subscribers) {
            processes.find(pid).ifPresent(p -> p.deliverSignal(message));
        }
    }

    private static Tuple nodeType(boolean visible) {
        return Tuple.of(NODE_TYPE, visible ? VISIBLE : HIDDEN);
    }
}
