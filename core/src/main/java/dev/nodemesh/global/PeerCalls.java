package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gen_server calls the name server has made to other name servers and not yet had a reply
 * to: each waits for {@code {Ref, Reply}}, and fails when its node goes down or its time is up.
 */
final class PeerCalls {

    private record Pending(Atom node, CompletableFuture<Term> reply) {}

    private final Map<Ref, Pending> pending = new ConcurrentHashMap<>();
    private final Duration timeout;

    PeerCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Registers a call about to be sent.
     *
     * @param ref the call's tag
     * @param node the node called
     * @return completes with the reply
     */
    CompletableFuture<Term> expect(Ref ref, Atom node) {
        CompletableFuture<Term> reply = new CompletableFuture<>();
        pending.put(ref, new Pending(node, reply));
        reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(ref));
        return reply;
    }

    /**
     * Completes a call with its reply.
     *
     * @param ref the tag the reply carries
     * @param reply the reply
     * @return whether a call waited for it
     */
    boolean complete(Term ref, Term reply) {
        Pending call = ref instanceof Ref r ? pending.remove(r) : null;
        if (call == null) {
            return false;
        }
        call.reply().complete(reply);
        return true;
    }

    /**
     * Fails the calls to a node that went down.
     *
     * @param node the node
     */
    void nodeDown(Atom node) {
        pending.values().removeIf(call -> {
            if (call.node().equals(node)) {
                call.reply().completeExceptionally(new IllegalStateException(node.name() + " went down"));
                return true;
            }
            return false;
        });
    }

    /** Fails every call: the node is closing. */
    void closeAll() {
        pending.values().forEach(call -> call.reply().completeExceptionally(new IllegalStateException("closed")));
        pending.clear();
    }
}
