package dev.nodemesh.runtime;

import dev.nodemesh.GenServerRequest;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;

/**
 * The part of OTP's {@code rex} (the {@code rpc} server) that other nodes talk to. A nodemesh node
 * runs no Erlang code, so it says so:
 *
 * <ul>
 *   <li>{@code {From, features_request}}, which every OTP node's {@code rex} sends to a peer that
 *       becomes visible, gets {@code {features_reply, ThisNode, []}}: no {@code erpc}, so {@code
 *       rpc} on that node never counts on spawning a process here;
 *   <li>a gen_server call {@code {call, M, F, A, GroupLeader}} or {@code {block_call, …}} (the
 *       {@code rpc:call} of OTP before 23, and {@code Rpc.call} of another nodemesh node) gets
 *       {@code {badrpc, notsup}} at once, the answer {@code erpc} gives to a spawn request.
 * </ul>
 *
 * Anything else sent to {@code rex} is dropped without a log line: it is system traffic this node
 * has no part in. Replies go only to nodes already connected (see {@link SystemResponder#reply}).
 */
public final class RexResponder extends SystemResponder {

    /** The name {@code rex} is registered under. */
    public static final Atom NAME = Atom.of("rex");

    private static final Atom FEATURES_REQUEST = Atom.of("features_request");
    private static final Atom FEATURES_REPLY = Atom.of("features_reply");
    private static final Atom CALL = Atom.of("call");
    private static final Atom BLOCK_CALL = Atom.of("block_call");
    private static final Term NOTSUP = Tuple.of(Atom.of("badrpc"), Atom.of("notsup"));

    RexResponder(NodeRuntime node, Pid pid) {
        super(node, pid);
    }

    @Override
    public void deliver(Term message) {
        if (message instanceof Tuple tuple
                && tuple.size() == 2
                && tuple.get(0) instanceof Pid from
                && FEATURES_REQUEST.equals(tuple.get(1))) {
            reply(from, Tuple.of(FEATURES_REPLY, nodeName(), TermList.of()));
        } else if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call
                && call.request() instanceof Tuple request
                && (request.isTagged(CALL, 5) || request.isTagged(BLOCK_CALL, 5))) {
            reply(call.from(), Tuple.of(call.tag(), NOTSUP));
        }
    }
}
