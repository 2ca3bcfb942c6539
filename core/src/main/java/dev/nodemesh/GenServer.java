package dev.nodemesh;

import dev.nodemesh.runtime.ExitReasons;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of OTP's gen_server protocol: {@code call} and {@code cast} to a GenServer (or
 * any process that speaks the protocol, such as a mailbox using {@link GenServerRequest}) on a
 * BEAM node or a nodemesh node.
 *
 * <pre>{@code
 * Term count = GenServer.call(node, "counter", "dale@localhost", Atom.of("get"), Duration.ofSeconds(5));
 * GenServer.cast(node, "counter", "dale@localhost", Tuple.of(Atom.of("add"), Int.of(2)));
 * }</pre>
 *
 * <p>A call works as {@code gen_server:call/3} does: it monitors the server, sends {@code
 * {'$gen_call', {Caller, MonitorRef}, Request}} and waits for {@code {MonitorRef, Reply}} or the
 * monitor's {@code DOWN}. A server that does not exist, ends during the call or sits on a node
 * that is unreachable or goes down therefore fails the call at once with a {@link CallException}
 * carrying the reason ({@code noproc}, the exit reason, {@code noconnection}) instead of waiting
 * for the timeout.
 */
public final class GenServer {

    private GenServer() {}

    /**
     * Calls a server by pid from a temporary process of the node, which is closed afterwards (so a
     * reply that comes after the timeout is dropped).
     *
     * @param node the calling node
     * @param server the server's pid
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws CallException when the server does not exist, ends during the call or its node is
     *     unreachable or goes down; the reason tells which
     * @throws CallTimeoutException when no reply came within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term call(Node node, Pid server, Term request, Duration timeout) throws InterruptedException {
        try (Mailbox caller = node.createMailbox()) {
            return call(caller, server, request, timeout);
        }
    }

    /**
     * Calls a server by registered name, {@code GenServer.call({name, serverNode}, request,
     * timeout)}, from a temporary process of the node; see {@link #call(Node, Pid, Term,
     * Duration)}.
     *
     * @param node the calling node
     * @param name the server's registered name
     * @param serverNode the full name of the node it is registered on
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws CallException when no process has that name, it ends during the call or its node is
     *     unreachable or goes down; the reason tells which
     * @throws CallTimeoutException when no reply came within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term call(Node node, String name, String serverNode, Term request, Duration timeout)
            throws InterruptedException {
        try (Mailbox caller = node.createMailbox()) {
            return call(caller, name, serverNode, request, timeout);
        }
    }

    /**
     * Calls a server by its cluster-wide name, {@code GenServer.call({:global, name}, request,
     * timeout)}: looks the name up in {@link Node#global()} and calls that pid; see {@link
     * #call(Node, Pid, Term, Duration)}.
     *
     * @param node the calling node
     * @param globalName the server's global name
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws CallException with the reason {@code noproc} when no process has the name, or when
     *     the call failed as {@link #call(Node, Pid, Term, Duration)} says
     * @throws CallTimeoutException when no reply came within the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term callGlobal(Node node, String globalName, Term request, Duration timeout)
            throws InterruptedException {
        Pid server = node.global()
                .whereis(globalName)
                .orElseThrow(
                        () -> new CallException(ExitReasons.NOPROC, "no process has the global name " + globalName));
        return call(node, server, request, timeout);
    }

    /**
     * Calls a server by pid from a mailbox. The wait is a selective receive: other messages stay
     * in the mailbox in their order. A reply that comes after the timeout is left in the mailbox
     * as {@code {Ref, Reply}}. A mailbox with a {@link MessageHandler} cannot wait for a reply;
     * from a handler, call with {@link #call(Node, Pid, Term, Duration)} (which blocks the
     * handler's dispatch thread for the call's duration).
     *
     * @param self the calling mailbox
     * @param server the server's pid
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws CallException when the call failed; see {@link #call(Node, Pid, Term, Duration)}
     * @throws CallTimeoutException when no reply came within the timeout
     * @throws IllegalStateException when the mailbox has a handler, or is closed
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term call(Mailbox self, Pid server, Term request, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(server, "server");
        checkReceives(self);
        Objects.requireNonNull(request, "request");
        Ref ref = self.monitorAndSend(server, r -> callMessage(self, r, request));
        return awaitReply(self, ref, server, timeout);
    }

    /**
     * Calls a server by registered name from a mailbox; see {@link #call(Mailbox, Pid, Term,
     * Duration)}.
     *
     * @param self the calling mailbox
     * @param name the server's registered name
     * @param serverNode the full name of the node it is registered on
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws CallException when the call failed; see {@link #call(Node, String, String, Term,
     *     Duration)}
     * @throws CallTimeoutException when no reply came within the timeout
     * @throws IllegalStateException when the mailbox has a handler, or is closed
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term call(Mailbox self, String name, String serverNode, Term request, Duration timeout)
            throws InterruptedException {
        NodeName target = NodeName.parse(serverNode);
        checkReceives(self);
        Objects.requireNonNull(request, "request");
        Tuple server = Tuple.of(Atom.of(name), target.atom());
        Ref ref = self.monitorAndSend(server, r -> callMessage(self, r, request));
        return awaitReply(self, ref, server, timeout);
    }

    /**
     * Casts a request to a server by pid: sends {@code {'$gen_cast', Request}} from the node's
     * system process, as {@code GenServer.cast/2} does; never fails and never waits.
     *
     * @param node the sending node
     * @param server the server's pid
     * @param request the request
     */
    public static void cast(Node node, Pid server, Term request) {
        node.send(server, castMessage(request));
    }

    /**
     * Casts a request to a server by registered name, connecting to its node first when needed.
     *
     * @param node the sending node
     * @param name the server's registered name
     * @param serverNode the full name of the node it is registered on
     * @param request the request
     */
    public static void cast(Node node, String name, String serverNode, Term request) {
        node.send(name, serverNode, castMessage(request));
    }

    /**
     * Casts a request to a server by pid, with a mailbox as the sender.
     *
     * @param self the sending mailbox
     * @param server the server's pid
     * @param request the request
     */
    public static void cast(Mailbox self, Pid server, Term request) {
        self.send(server, castMessage(request));
    }

    /**
     * Casts a request to a server by registered name, with a mailbox as the sender.
     *
     * @param self the sending mailbox
     * @param name the server's registered name
     * @param serverNode the full name of the node it is registered on
     * @param request the request
     */
    public static void cast(Mailbox self, String name, String serverNode, Term request) {
        self.send(name, serverNode, castMessage(request));
    }

    private static void checkReceives(Mailbox self) {
        if (self.hasHandler()) {
            throw new IllegalStateException("mailbox " + self.pid() + " has a handler and cannot wait for a reply;"
                    + " call from the node instead");
        }
    }

    static Tuple callMessage(Mailbox self, Ref ref, Term request) {
        Objects.requireNonNull(request, "request");
        return Tuple.of(GenServerRequest.GEN_CALL, Tuple.of(self.pid(), ref), request);
    }

    private static Tuple castMessage(Term request) {
        return Tuple.of(GenServerRequest.GEN_CAST, Objects.requireNonNull(request, "request"));
    }

    private static Term awaitReply(Mailbox self, Ref ref, Term server, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Optional<Term> answer;
        try {
            answer = self.receive(m -> isReply(m, ref) || isDown(m, ref), timeout);
        } catch (InterruptedException | RuntimeException e) {
            forget(self, ref);
            throw e;
        }
        if (answer.isEmpty()) {
            forget(self, ref);
            throw new CallTimeoutException("no reply from " + server + " within " + timeout);
        }
        Tuple message = (Tuple) answer.get();
        if (isReply(message, ref)) {
            forget(self, ref);
            return message.get(1);
        }
        Term reason = Down.of(message).orElseThrow().reason();
        throw new CallException(reason, "call to " + server + " failed: " + reason);
    }

    /** Removes the monitor and a DOWN it may already have delivered, as {@code demonitor(Ref, [flush])}. */
    private static void forget(Mailbox self, Ref ref) {
        if (self.isClosed()) {
            return;
        }
        try {
            self.demonitor(ref);
            self.receive(m -> isDown(m, ref), Duration.ZERO);
        } catch (IllegalStateException closedMeanwhile) {
            // a closed mailbox has no monitors and no messages left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not reached: a receive that does not wait
        }
    }

    private static boolean isReply(Term message, Ref ref) {
        return message instanceof Tuple t && t.size() == 2 && ref.equals(t.get(0));
    }

    private static boolean isDown(Term message, Ref ref) {
        return Down.of(message).filter(down -> ref.equals(down.ref())).isPresent();
    }
}
