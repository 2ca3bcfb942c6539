package dev.nodemesh;

import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class Mailbox implements LocalProcess, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    /** The least number of signals a mailbox takes beyond its capacity. */
    static final int SIGNAL_RESERVE_MESSAGES = 1_024;

    /** The least number of bytes of signals a mailbox takes beyond its byte bound. */
    static final long SIGNAL_RESERVE_BYTES = 1 << 20;

    private final Node node;
    private final Pid pid;
    private final HandlerDrain drain;
    private final int capacity;
    private final long maxBytes;
    private final boolean refuseWhenFull;
    private final boolean ignoreKill;
    private final BiConsumer<Mailbox, Term> onExit;
    private MessageQueue queue;
    private long dropped;
    private int waiters;
    private boolean closed;
    private boolean drainScheduled;

    Mailbox(Node node, Pid pid) {
        this(node, pid, MailboxOptions.defaults());
    }

    Mailbox(Node node, Pid pid, MailboxOptions options) {
        this.node = node;
        this.pid = pid;
        NodeConfig config = node.config();
        this.capacity = options.capacity().orElse(config.defaultMailboxCapacity());
        this.maxBytes = options.maxBytes().orElse(config.defaultMailboxMaxBytes());
        this.refuseWhenFull = options.overflowPolicy().orElse(config.defaultOverflowPolicy()) == OverflowPolicy.REFUSE;
        this.ignoreKill = options.ignoreKill();
        this.onExit = options.onExit().orElse(null);
        this.drain = options.handler()
                .map(handler -> new HandlerDrain(
                        this,
                        handler,
                        options.name().orElse(null),
                        options.keepRunningOnError(),
                        options.handleOnNetworkThread(),
                        node.dispatchPool()))
                .orElse(null);
    }

    /**
     * Returns this mailbox's pid, which other nodes send to.
     *
     * @return the pid
     */
    @Override
    public Pid pid() {
        return pid;
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
        node.send(pid, to, message);
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
        node.send(pid, name, NodeName.parse(toNode), message);
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
        node.send(pid, name, toNode, message);
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
    public synchronized Optional<Term> receive(Predicate<? super Term> matcher, Duration timeout)
            throws InterruptedException {
        if (drain != null) {
            throw new IllegalStateException("mailbox " + pid + " has a handler; its messages cannot be received");
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed) {
                throw new IllegalStateException("mailbox " + pid + " is closed");
            }
            Term found = take(matcher);
            if (found != null) {
                return Optional.of(found);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            waiters++;
            try {
                long millis = Math.max(1, remaining / 1_000_000);
                wait(timeout == null ? 0 : millis);
            } finally {
                waiters--;
            }
        }
    }

    private Term take(Predicate<? super Term> matcher) {
        if (queue == null) {
            return null;
        }
        Term message = queue.removeFirst(matcher);
        if (message != null) {
            releaseQueueWhenEmpty();
        }
        return message;
    }

    private void releaseQueueWhenEmpty() {
        if (queue.isEmpty()) {
            queue = null;
        }
    }

    /**
     * Returns how many messages wait in the mailbox (for a mailbox with a handler, not counting
     * the one being handled).
     *
     * @return the count
     */
    public synchronized int size() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Returns how many messages may wait in the mailbox.
     *
     * @return the bound
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns how many bytes the waiting messages may take at most (a message that finds the
     * mailbox empty is taken whatever its size).
     *
     * @return the bound
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Returns how many bytes the waiting messages take, as counted against {@link #maxBytes()}: what
     * their payloads took on the wire, or an estimate of it for messages sent on this node.
     *
     * @return the count
     */
    public synchronized long queuedBytes() {
        return queue == null ? 0 : queue.bytes();
    }

    /**
     * Returns how many messages were dropped because the mailbox was full: every one that came
     * from another node, and under {@link OverflowPolicy#DROP_NEWEST} also those sent from this
     * node. Refused local sends are not counted; their senders got {@link MailboxFullException}.
     *
     * @return the count since the mailbox was created
     */
    public synchronized long droppedMessages() {
        return dropped;
    }

    /**
     * Tells whether the mailbox has a handler, rather than being read with {@link #receive()}.
     *
     * @return whether it has a handler
     */
    public boolean hasHandler() {
        return drain != null;
    }

    /**
     * Tells whether the mailbox ignores the exit signal {@code kill}; see {@link
     * MailboxOptions.Builder#ignoreKill(boolean)}.
     *
     * @return whether {@code kill} is ignored
     */
    public boolean ignoresKill() {
        return ignoreKill;
    }

    /**
     * Tells whether the mailbox is closed.
     *
     * @return whether closed
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Hands over a message from another node or from the node itself: never blocks, never throws;
     * when the mailbox is full the message is dropped and counted.
     *
     * @param message the message
     */
    @Override
    public void deliver(Term message) {
        offer(message, MessageSizes.estimate(message), false, false);
    }

    /**
     * Hands over a Down, an exit signal or a node event: taken even when the mailbox is full, as
     * Erlang never drops signals.
     *
     * @param message the message
     */
    @Override
    public void deliverSignal(Term message) {
        offer(message, MessageSizes.estimate(message), false, true);
    }

    /**
     * Hands over a message sent by code on this node.
     *
     * @param message the message
     * @throws MailboxFullException when the mailbox is full and refuses
     */
    void deliverLocal(Term message) {
        offer(message, MessageSizes.estimate(message), true, false);
    }

    /**
     * Hands over a message from another node on a network thread: as {@link #deliver}, but a drain
     * this delivery asks for is added to {@code drains} instead of being submitted; the caller
     * submits them when the read is complete.
     *
     * @param message the message
     * @param size the bytes its payload took in the packet, or 0 when not known
     * @param drains where to add the drain to submit
     */
    void deliverDeferringDrain(Term message, int size, List<Runnable> drains) {
        if (enqueue(message, size > 0 ? size : MessageSizes.estimate(message), false, false)) {
            drains.add(drain.onNetworkThread() ? drain : drain::schedule);
        }
    }

    private void offer(Term message, int size, boolean refusable, boolean signal) {
        if (enqueue(message, size, refusable, signal)) {
            drain.schedule();
        }
    }

    /**
     * Tells whether a message of {@code size} bytes would pass the mailbox's bounds. Signals (DOWN,
     * the exits of broken links) may pass them by as much again, at least {@link
     * #SIGNAL_RESERVE_MESSAGES} messages and {@link #SIGNAL_RESERVE_BYTES} bytes: they still arrive
     * when ordinary messages fill the mailbox, but a peer that links and breaks links without end
     * cannot make it grow without bound.
     */
    private boolean full(int size, boolean signal) {
        long messages = capacity;
        long bytes = maxBytes;
        if (signal) {
            messages += Math.max(capacity, SIGNAL_RESERVE_MESSAGES);
            long reserve = Math.max(maxBytes, SIGNAL_RESERVE_BYTES);
            bytes = bytes <= Long.MAX_VALUE - reserve ? bytes + reserve : Long.MAX_VALUE;
        }
        return queue.size() >= messages || queue.bytes() + size > bytes;
    }

    /** Queues the message; returns whether a drain must be scheduled (left to the caller). */
    private boolean enqueue(Term message, int size, boolean refusable, boolean signal) {
        boolean scheduleDrain;
        long droppedNow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue != null && full(size, signal)) {
                if (refusable && refuseWhenFull) {
                    throw new MailboxFullException(pid, capacity, maxBytes);
                }
                droppedNow = ++dropped;
                scheduleDrain = false;
            } else {
                if (queue == null) {
                    queue = new MessageQueue();
                }
                queue.addLast(message, size);
                if (waiters > 0) {
                    notifyAll();
                }
                scheduleDrain = drain != null && !drainScheduled;
                drainScheduled |= scheduleDrain;
                droppedNow = 0;
            }
        }
        if (droppedNow == 1) {
            log.warn(
                    "mailbox {} is full ({} messages or {} bytes): dropping messages; droppedMessages() counts them",
                    pid,
                    capacity,
                    maxBytes);
        }
        return scheduleDrain;
    }

    /**
     * Takes the next message for the handler. When there is none, or the mailbox is closed, the
     * drain ends: the next delivery schedules a new one.
     *
     * @return the message, or null
     */
    synchronized Term nextForHandler() {
        if (closed || queue == null) {
            drainScheduled = false;
            return null;
        }
        Term message = queue.pollFirst();
        releaseQueueWhenEmpty();
        return message;
    }

    /**
     * Tells a drain that has done its batch whether to run again; if not, the drain ends.
     *
     * @return whether messages wait
     */
    synchronized boolean moreForHandler() {
        if (closed || queue == null) {
            drainScheduled = false;
            return false;
        }
        return true;
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
        return node.monitors().monitor(pid, Objects.requireNonNull(target, "target"));
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
        return node.monitors().monitor(pid, Atom.of(name), NodeName.parse(targetNode));
    }

    /**
     * Removes a monitor; no Down for it arrives afterwards (one already in the mailbox stays).
     *
     * @param ref the monitor reference
     * @return whether the monitor was active
     */
    public boolean demonitor(Ref ref) {
        return node.monitors().demonitor(pid, Objects.requireNonNull(ref, "ref"));
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
        node.links().link(pid, Objects.requireNonNull(other, "other"));
    }

    /**
     * Removes a link (with OTP's {@code UNLINK_ID} handshake for remote processes).
     *
     * @param other the process
     */
    public void unlink(Pid other) {
        node.links().unlink(pid, Objects.requireNonNull(other, "other"));
    }

    /**
     * Sends an exit signal to a process, as {@code Process.exit(pid, reason)} does.
     *
     * @param target the process
     * @param reason the reason; {@code kill} cannot be trapped
     */
    public void exit(Pid target, Term reason) {
        node.sendExit(pid, Objects.requireNonNull(target, "target"), Objects.requireNonNull(reason, "reason"));
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
        node.nodeWatchers().subscribe(pid, on);
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
        Objects.requireNonNull(reason, "reason");
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue = null;
            notifyAll();
        }
        node.exited(this, reason);
        if (onExit != null) {
            try {
                onExit.accept(this, reason);
            } catch (RuntimeException e) {
                log.error("the exit listener of mailbox {} failed", pid, e);
            }
        }
    }

    @Override
    public String toString() {
        return "Mailbox[" + pid + "]";
    }
}
