package dev.nodemesh.spring;

import dev.nodemesh.CallException;
import dev.nodemesh.CallTimeoutException;
import dev.nodemesh.Down;
import dev.nodemesh.GenServerRequest;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One gen_server call that parks no thread: a mailbox with a handler monitors the server and
 * sends the request; the reply or the monitor's Down, handled on the node's dispatch threads,
 * completes the future, and the JDK's shared delay scheduler fails it at the timeout. Whichever
 * comes first, the monitor is removed and the mailbox closed.
 */
final class AsyncCall {

    private final CompletableFuture<Term> reply = new CompletableFuture<>();
    private final Object target;
    private volatile Ref ref;

    private AsyncCall(Object target) {
        this.target = target;
    }

    /**
     * Calls a server registered under a name.
     *
     * @return the reply, failed with {@link CallException} or {@link CallTimeoutException}
     */
    static CompletableFuture<Term> call(Node node, String name, String serverNode, Term request, Duration timeout) {
        AsyncCall call = new AsyncCall(Tuple.of(Atom.of(name), Atom.of(serverNode)));
        Mailbox self = call.open(node);
        try {
            synchronized (call) {
                call.ref = self.monitor(name, serverNode);
            }
            self.send(name, serverNode, callMessage(self, call.ref, request));
        } catch (RuntimeException e) {
            call.reply.completeExceptionally(e);
        }
        return call.finish(self, timeout);
    }

    /**
     * Calls a server by pid.
     *
     * @return the reply, failed with {@link CallException} or {@link CallTimeoutException}
     */
    static CompletableFuture<Term> call(Node node, Pid server, Term request, Duration timeout) {
        AsyncCall call = new AsyncCall(server);
        Mailbox self = call.open(node);
        try {
            synchronized (call) {
                call.ref = self.monitor(server);
            }
            self.send(server, callMessage(self, call.ref, request));
        } catch (RuntimeException e) {
            call.reply.completeExceptionally(e);
        }
        return call.finish(self, timeout);
    }

    private Mailbox open(Node node) {
        return node.createMailbox(MailboxOptions.builder().handler(this::handle).build());
    }

    private CompletableFuture<Term> finish(Mailbox self, Duration timeout) {
        reply.orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        reply.whenComplete((value, error) -> forget(self));
        CompletableFuture<Term> result = reply.handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                throw new CallTimeoutException("no reply from " + target + " within " + timeout);
            }
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        });
        // cancelling what the caller holds gives up the call, as a timeout does
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                reply.cancel(false);
            }
        });
        return result;
    }

    /**
     * Takes the reply or the Down; the mailbox's pid is known to the server alone. Synchronized
     * with the monitor's creation: a Down for a missing server may come before it returns.
     */
    private synchronized void handle(Term message, Mailbox self) {
        Ref expected = ref;
        if (expected == null) {
            return; // the monitor failed; the future already holds the error
        }
        if (message instanceof Tuple tuple && tuple.size() == 2 && expected.equals(tuple.get(0))) {
            reply.complete(tuple.get(1));
            return;
        }
        Down.of(message)
                .filter(down -> expected.equals(down.ref()))
                .ifPresent(down -> reply.completeExceptionally(
                        new CallException(down.reason(), "call to " + target + " failed: " + down.reason())));
    }

    private void forget(Mailbox self) {
        Ref monitor = ref;
        try {
            if (monitor != null && !self.isClosed()) {
                self.demonitor(monitor);
            }
        } catch (IllegalStateException closedMeanwhile) {
            // a closed mailbox has no monitors left
        }
        self.close();
    }

    private static Tuple callMessage(Mailbox self, Ref ref, Term request) {
        return Tuple.of(GenServerRequest.GEN_CALL, Tuple.of(self.pid(), ref), request);
    }
}
