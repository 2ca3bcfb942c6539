package dev.nodemesh;

import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;

/**
 * The part of OTP's {@code net_kernel} that other nodes talk to: answers {@code
 * {'$gen_call', {From, Tag}, {is_auth, Node}}} with {@code {Tag, yes}}, so that {@code
 * net_adm:ping/1} and {@code Node.ping/1} return {@code pong}. The tag is echoed unchanged (OTP 25
 * uses {@code [alias | Ref]}).
 */
final class NetKernelResponder implements LocalProcess {

    static final Atom NAME = Atom.of("net_kernel");
    private static final Atom GEN_CALL = Atom.of("$gen_call");
    private static final Atom IS_AUTH = Atom.of("is_auth");
    private static final Atom YES = Atom.of("yes");

    private final Node node;
    private final Pid pid;

    NetKernelResponder(Node node, Pid pid) {
        this.node = node;
        this.pid = pid;
    }

    @Override
    public Pid pid() {
        return pid;
    }

    @Override
    public void deliver(Term message) {
        if (message instanceof Tuple call
                && call.isTagged(GEN_CALL, 3)
                && call.get(1) instanceof Tuple from
                && from.size() == 2
                && from.get(0) instanceof Pid caller
                && call.get(2) instanceof Tuple request
                && request.isTagged(IS_AUTH, 2)) {
            node.send(pid, caller, Tuple.of(from.get(1), YES));
        }
    }
}
