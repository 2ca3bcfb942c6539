package dev.nodemesh.runtime;

import dev.nodemesh.GenServerRequest;
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
public final class NetKernelResponder extends SystemResponder {

    /** The name {@code net_kernel} is registered under. */
    public static final Atom NAME = Atom.of("net_kernel");

    /** The request of a ping, {@code {is_auth, Node}}. */
    public static final Atom IS_AUTH = Atom.of("is_auth");

    private static final Atom YES = Atom.of("yes");

    NetKernelResponder(NodeRuntime node, Pid pid) {
        super(node, pid);
    }

    @Override
    public void deliver(Term message) {
        if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call
                && call.request() instanceof Tuple request
                && request.isTagged(IS_AUTH, 2)) {
            reply(call.from(), Tuple.of(call.tag(), YES));
        }
    }
}
