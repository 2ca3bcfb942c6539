package dev.nodemesh.runtime;

import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;

/**
 * A system process that only answers what other nodes send it, from the node's own pid, without a
 * mailbox: {@link NetKernelResponder}, {@link RexResponder}.
 */
abstract class SystemResponder implements LocalProcess {

    private final NodeRuntime node;
    private final Pid pid;

    SystemResponder(NodeRuntime node, Pid pid) {
        this.node = node;
        this.pid = pid;
    }

    @Override
    public final Pid pid() {
        return pid;
    }

    /** The name of the node this process runs on. */
    final Atom nodeName() {
        return node.name();
    }

    /**
     * Sends {@code message} to {@code to} from this process, only over a connection that is up: a
     * request naming a reply-to pid on a node this one is not connected to (a peer asking this node
     * to dial a third one) gets no answer, and no connection.
     */
    final void reply(Pid to, Term message) {
        node.sendIfConnected(pid, to, message);
    }
}
