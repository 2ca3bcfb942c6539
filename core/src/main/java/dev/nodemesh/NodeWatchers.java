package dev.nodemesh;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.DisconnectReason;
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
final class NodeWatchers implements ConnectionListener {

    private static final Atom NODEUP = Atom.of("nodeup");
    private static final Atom NODEDOWN = Atom.of("nodedown");
    private static final Atom NODE_TYPE = Atom.of("node_type");
    private static final Atom NODEDOWN_REASON = Atom.of("nodedown_reason");
    private static final Atom VISIBLE = Atom.of("visible");
    private static final Atom HIDDEN = Atom.of("hidden");

    private final Node node;
    private final Set<Pid> subscribers = ConcurrentHashMap.newKeySet();

    NodeWatchers(Node node) {
        this.node = node;
    }

    void subscribe(Pid pid, boolean on) {
        if (on) {
            subscribers.add(pid);
        } else {
            subscribers.remove(pid);
        }
    }

    void exited(Pid pid) {
        subscribers.remove(pid);
    }

    @Override
    public void connectionUp(Connection connection) {
        if (subscribers.isEmpty()) {
            return;
        }
        Tuple message = Tuple.of(NODEUP, connection.peer(), TermList.of(nodeType(connection)));
        deliver(message);
    }

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        if (subscribers.isEmpty()) {
            return;
        }
        Tuple message = Tuple.of(
                NODEDOWN,
                connection.peer(),
                TermList.of(nodeType(connection), Tuple.of(NODEDOWN_REASON, reason.atom())));
        deliver(message);
    }

    private void deliver(Tuple message) {
        for (Pid pid : subscribers) {
            node.processes().find(pid).ifPresent(p -> p.deliverSignal(message));
        }
    }

    private static Tuple nodeType(Connection connection) {
        return Tuple.of(NODE_TYPE, connection.visible() ? VISIBLE : HIDDEN);
    }
}
