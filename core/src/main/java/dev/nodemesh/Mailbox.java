package dev.nodemesh;

import dev.nodemesh.runtime.ExitReasons;
import dev.nodemesh.runtime.MailboxProcess;
import dev.nodemesh.runtime.NodeRuntime;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A process of a {@link Node}: a pid and a queue of the messages sent to it, in the order they
 * arrived. Either the messages are taken with a blocking {@link #receive(Duration)}, or
 * selectively with {@link #receive(Predicate, Duration)}, which leaves the others in place as
 * Erlang's {@code receive} does; or the mailbox has a {@link MessageHandler} that the node's
 * shared dispatch threads call, one message at a time, in order. Thread-safe. An idle mailbox
 * holds no queue and no thread.
 *
 * <p>The queue is bounded in messages ({@link #capacity()}) and in bytes ({@link #maxBytes()}). A
 * message that finds it full by either bound is dropped and counted ({@link #droppedMessages()}),
 * or, under {@link OverflowPolicy#REFUSE}, refused with {@link MailboxFullException} when sent from
 * this node. A message from another node counts the bytes its payload took on the wire; one sent on
 * this node counts an estimate of that, from a walk of at most a few dozen of its terms. A message
 * that finds the mailbox empty is taken whatever its size. Messages from other nodes are never
 * refused, only dropped, so a slow mailbox never holds up a connection.
 */
public final class Mailbox implements AutoCloseable {

    private final Node node;
    private final NodeRuntime runtime;
    private final MailboxProcess process;

    Mailbox(Node node, NodeRuntime runtime, Pid pid, MailboxOptions options) {
        this.node = node;
        this.runtime = runtime;
        this.process = new MailboxProcess(runtime, pid, this, options);
    }

    /**
     * Returns this mailbox's pid, which other nodes send to.
     *
     * @return the pid
     */
    public Pid pid() {
        return process.pid();
    }

    /**
     * Returns the node this mailbox lives on.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Sends a message to a process, local or remote, with this mailbox as the sender.
     *
     * @param to the pid
     * @param message the message
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public void send(Pid to, Term message) {
        runtime.send(process.pid(), to, message);
    }

    /**
     * Sends a message to the process registered under a name on a node ({@code {name, node} !
     * message}), connecting to that node first when needed.
     *
     * @param name the registered name
     * @param toNode the node's full name, such as {@code chip@localhost}
     * @param message the message
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public void send(String name, String toNode, Term message) {
        runtime.send(process.pid(), Atom.of(name), NodeName.parse(toNode).atom(), message);
    }

    /**
     * Sends a message to the process registered under a name on a node.
     *
     * @param name the registered name
     * @param toNode the node
     * @param message the message
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public void send(String name, NodeName toNode, Term message) {
        runtime.send(process.pid(), Atom.of(name), toNode.atom(), message);
    }

    /**
     * Sends a message without connecting, as {@code erlang:send(To, Msg, [noconnect])}: to a
     * process of this node as {@link #send(Pid, Term)} does, to a remote one only when its node is
     * connected, so that a send never brings back a connection that was just closed.
     *
     * @param to the pid
     * @param message the message
     * @return false when the target's node is not connected; the message is dropped then
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public boolean sendIfConnected(Pid to, Term message) {
        return runtime.sendIfConnected(process.pid(), Objects.requireNonNull(to, "to"), message);
    }

    /**
     * Sends a message to {@code {name, node}} without connecting; see {@link #sendIfConnected(Pid,
     * Term)}.
     *
     * @param name the registered name
     * @param toNode the node
     * @param message the message
     * @return false when the node is not connected; the message is dropped then
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public boolean sendIfConnected(String name, NodeName toNode, Term message) {
        return runtime.sendIfConnected(process.pid(), Atom.of(name), toNode.atom(), message);
    }

    /**
     * Takes the oldest message, waiting for one as long as needed.
     *
     * @return the message
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the mailbox is closed, or has a handler
     */
    public Term receive() throws InterruptedException {
        return receive(m -> true, null).orElseThrow();
    }

    /**
     * Takes the oldest message, waiting up to a timeout.
     *
     * @param timeout how long to wait; zero does not wait
     * @return the message, or empty when none arrived in time
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the mailbox is closed, or has a handler
     */
    public Optional<Term> receive(Duration timeout) throws InterruptedException {
        return receive(m -> true, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Takes the oldest message that matches, waiting up to a timeout; the messages that do not
     * match stay in the mailbox in their order.
     *
     * @param matcher which messages to take
     * @param timeout how long to wait; zero does not wait; null waits for ever
     * @return the message, or empty when none matched in time
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the mailbox is closed, or has a handler
     */
    public Optional<Term> receive(Predicate<? super Term> matcher, Duration timeout) throws InterruptedException {
        return process.receive(matcher, timeout);
    }

    /**
     * Returns how many messages wait in the mailbox (for a mailbox with a handler, not counting
     * the one being handled).
     *
     * @return the count
     */
    public int size() {
        return process.size();
    }

    /**
     * Returns how many messages may wait in the mailbox.
     *
     * @return the bound
     */
    public int capacity() {
        return process.capacity();
    }

    /**
     * Returns how many bytes the waiting messages may take at most (a message that finds the
     * mailbox empty is taken whatever its size).
     *
     * @return the bound
     */
    public long maxBytes() {
        return process.maxBytes();
    }

    /**
     * Returns how many bytes the waiting messages take, as counted against {@link #maxBytes()}: what
     * their payloads took on the wire, or an estimate of it for messages sent on this node.
     *
     * @return the count
     */
    public long queuedBytes() {
        return process.queuedBytes();
    }

    /**
     * Returns how many messages were dropped because the mailbox was full: every one that came
     * from another node, and under {@link OverflowPolicy#DROP_NEWEST} also those sent from this
     * node. Refused local sends are not counted; their senders got {@link MailboxFullException}.
     *
     * @return the count since the mailbox was created
     */
    public long droppedMessages() {
        return process.droppedMessages();
    }

    /**
     * Tells whether the mailbox has a handler, rather than being read with {@link #receive()}.
     *
     * @return whether it has a handler
     */
    public boolean hasHandler() {
        return process.hasHandler();
    }

    /**
     * Tells whether the mailbox ignores the exit signal {@code kill}; see {@link
     * MailboxOptions.Builder#ignoreKill(boolean)}.
     *
     * @return whether {@code kill} is ignored
     */
    public boolean ignoresKill() {
        return process.ignoresKill();
    }

    /**
     * Tells whether the mailbox is closed.
     *
     * @return whether closed
     */
    public boolean isClosed() {
        return process.isClosed();
    }

    /** The runtime side, which the process table holds. */
    MailboxProcess process() {
        return process;
    }

    /**
     * Monitors a process, local or on another node. When it ends this mailbox receives {@code
     * {:DOWN, ref, :process, pid, reason}} (see {@link Down}); at once with {@code noproc} when
     * there is no such process, with {@code noconnection} when its node goes away.
     *
     * @param target the process
     * @return the monitor reference, which the Down message carries
     */
    public Ref monitor(Pid target) {
        return runtime.monitors().monitor(process.pid(), Objects.requireNonNull(target, "target"));
    }

    /**
     * Monitors a process without connecting to its node: when the node is not connected, the Down
     * comes at once with {@code noconnection}; otherwise as {@link #monitor(Pid)}.
     *
     * @param target the process
     * @return the monitor reference
     */
    public Ref monitorIfConnected(Pid target) {
        return runtime.monitors().monitorIfConnected(process.pid(), Objects.requireNonNull(target, "target"));
    }

    /**
     * Monitors the process registered under a name on a node, connecting first when needed; the
     * Down message names the target as {@code {name, node}}.
     *
     * @param name the registered name
     * @param targetNode the node's full name
     * @return the monitor reference
     */
    public Ref monitor(String name, String targetNode) {
        return runtime.monitors().monitor(process.pid(), Atom.of(name), NodeName.parse(targetNode));
    }

    /**
     * Monitors a process and sends it a message made from the monitor's reference, as a call does
     * with its request; on another node both packets go in one write.
     *
     * @param target a pid, or {@code {Name, Node}} for a registered name
     * @param message the message, made from the monitor's reference
     * @return the monitor reference
     */
    Ref monitorAndSend(Term target, Function<Ref, Term> message) {
        Atom targetNode = target instanceof Pid pid ? pid.node() : (Atom) ((Tuple) target).get(1);
        if (!targetNode.equals(runtime.name())) {
            return runtime.monitors().monitorAndSend(process.pid(), target, message);
        }
        Ref ref;
        if (target instanceof Pid pid) {
            ref = monitor(pid);
            send(pid, message.apply(ref));
        } else {
            Atom name = (Atom) ((Tuple) target).get(0);
            ref = runtime.monitors().monitor(process.pid(), name, NodeName.parse(targetNode.name()));
            runtime.send(process.pid(), name, targetNode, message.apply(ref));
        }
        return ref;
    }

    /**
     * Removes a monitor; no Down for it arrives afterwards (one already in the mailbox stays).
     *
     * @param ref the monitor reference
     * @return whether the monitor was active
     */
    public boolean demonitor(Ref ref) {
        return runtime.monitors().demonitor(process.pid(), Objects.requireNonNull(ref, "ref"));
    }

    /**
     * Links this mailbox with a process. When either ends, the other gets an exit signal; a
     * mailbox traps exits, so it receives {@code {:EXIT, pid, reason}} as a message ({@code
     * noproc} at once when the process does not exist, {@code noconnection} when its node goes
     * away).
     *
     * @param other the process
     */
    public void link(Pid other) {
        runtime.links().link(process.pid(), Objects.requireNonNull(other, "other"));
    }

    /**
     * Removes a link (with OTP's {@code UNLINK_ID} handshake for remote processes).
     *
     * @param other the process
     */
    public void unlink(Pid other) {
        runtime.links().unlink(process.pid(), Objects.requireNonNull(other, "other"));
    }

    /**
     * Sends an exit signal to a process, as {@code Process.exit(pid, reason)} does.
     *
     * @param target the process
     * @param reason the reason; {@code kill} cannot be trapped
     */
    public void exit(Pid target, Term reason) {
        runtime.sendExit(
                process.pid(), Objects.requireNonNull(target, "target"), Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Subscribes this mailbox to node events, as {@code :net_kernel.monitor_nodes(true,
     * %{node_type: :all, nodedown_reason: true})}: it receives {@code {:nodeup, node, [node_type:
     * t]}} and {@code {:nodedown, node, [node_type: t, nodedown_reason: r]}}, a nodeup before any
     * message from that connection and a nodedown after all of them.
     *
     * @param on whether to subscribe or unsubscribe
     */
    public void monitorNodes(boolean on) {
        runtime.nodeWatchers().subscribe(process.pid(), on);
    }

    /** Closes the mailbox with the reason {@code normal}; see {@link #close(Term)}. */
    @Override
    public void close() {
        close(ExitReasons.NORMAL);
    }

    /**
     * Ends this mailbox with a reason: its name is released, later messages are dropped, waiting
     * receivers fail, monitors get a Down with the reason and linked processes an exit signal; then
     * the {@link MailboxOptions.Builder#onExit exit listener}, if any, is told.
     *
     * @param reason the exit reason
     */
    public void close(Term reason) {
        process.close(reason);
    }

    @Override
    public String toString() {
        return "Mailbox[" + process.pid() + "]";
    }
}
