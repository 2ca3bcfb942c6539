package dev.nodemesh.runtime;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxFullException;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.OverflowPolicy;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Pid;
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
 * The runtime side of a {@link Mailbox}, which the public facade wraps: the queue with its bounds,
 * the delivery of messages and signals, the waiting receivers and the handler's drain. It is what
 * the process table holds, so deliveries from the network and from the node never pass through
 * the facade; only the runtime can deliver, and only {@link #deliverSignal} passes the bounds.
 * Thread-safe: one lock (this object) guards the queue.
 */
public final class MailboxProcess implements LocalProcess {

    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final NodeRuntime node;
    private final Mailbox mailbox;
    private final Pid pid;
    private final HandlerDrain drain;
    /** The least number of signals a mailbox takes beyond its capacity. */
    public static final int SIGNAL_RESERVE_MESSAGES = 1_024;

    /** The least number of bytes of signals a mailbox takes beyond its byte bound. */
    public static final long SIGNAL_RESERVE_BYTES = 1 << 20;

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

    /**
     * Creates the runtime side of a mailbox; the options' unset bounds take the node's defaults.
     *
     * @param node the node's runtime
     * @param pid the mailbox's pid
     * @param mailbox the facade, which handlers and exit listeners are given
     * @param options the options
     */
    public MailboxProcess(NodeRuntime node, Pid pid, Mailbox mailbox, MailboxOptions options) {
        this.node = node;
        this.mailbox = mailbox;
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
                        node))
                .orElse(null);
    }

    @Override
    public Pid pid() {
        return pid;
    }

    /**
     * Returns the facade.
     *
     * @return the mailbox
     */
    public Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Takes the oldest message that matches, waiting up to a timeout; see {@link
     * Mailbox#receive(Predicate, Duration)}.
     *
     * @param matcher which messages to take
     * @param timeout how long to wait; zero does not wait; null waits for ever
     * @return the message, or empty when none matched in time
     * @throws InterruptedException when interrupted while waiting
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
     * Returns how many messages wait.
     *
     * @return the count
     */
    public synchronized int size() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Returns how many messages may wait.
     *
     * @return the bound
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns how many bytes the waiting messages may take.
     *
     * @return the bound
     */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Returns how many bytes the waiting messages take.
     *
     * @return the count
     */
    public synchronized long queuedBytes() {
        return queue == null ? 0 : queue.bytes();
    }

    /**
     * Returns how many messages were dropped because the mailbox was full.
     *
     * @return the count
     */
    public synchronized long droppedMessages() {
        return dropped;
    }

    /**
     * Tells whether a handler takes the messages.
     *
     * @return whether it has a handler
     */
    public boolean hasHandler() {
        return drain != null;
    }

    /**
     * Tells whether the exit signal {@code kill} is ignored.
     *
     * @return whether ignored
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
     * Hands over a Down, the exit of a broken link or a node event: taken even when ordinary
     * messages fill the mailbox, up to the signal reserve (see {@link #full}).
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
     * Ends the mailbox with a reason; see {@link Mailbox#close(Term)}.
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
                onExit.accept(mailbox, reason);
            } catch (RuntimeException e) {
                log.error("the exit listener of mailbox {} failed", pid, e);
            }
        }
    }

    @Override
    public String toString() {
        return "MailboxProcess[" + pid + "]";
    }
}
