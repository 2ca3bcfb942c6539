package dev.nodemesh;

import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A process of a {@link Node}: a pid and a queue of the messages sent to it, in the order they
 * arrived. Messages are taken with a blocking {@link #receive(Duration)}, or selectively with
 * {@link #receive(Predicate, Duration)}, which leaves the others in place as Erlang's {@code
 * receive} does. Thread-safe. An idle mailbox holds no queue.
 */
public final class Mailbox implements LocalProcess, AutoCloseable {

    private final Node node;
    private final Pid pid;
    private ArrayDeque<Term> queue;
    private int waiters;
    private boolean closed;

    Mailbox(Node node, Pid pid) {
        this.node = node;
        this.pid = pid;
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
     */
    public void send(String name, NodeName toNode, Term message) {
        node.send(pid, name, toNode, message);
    }

    /**
     * Takes the oldest message, waiting for one as long as needed.
     *
     * @return the message
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when the mailbox is closed
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
     * @throws IllegalStateException when the mailbox is closed
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
     * @throws IllegalStateException when the mailbox is closed
     */
    public synchronized Optional<Term> receive(Predicate<? super Term> matcher, Duration timeout)
            throws InterruptedException {
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
        for (Iterator<Term> it = queue.iterator(); it.hasNext(); ) {
            Term message = it.next();
            if (matcher.test(message)) {
                it.remove();
                return message;
            }
        }
        return null;
    }

    /**
     * Returns how many messages wait in the mailbox.
     *
     * @return the count
     */
    public synchronized int size() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Tells whether the mailbox is closed.
     *
     * @return whether closed
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void deliver(Term message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            queue.addLast(message);
            if (waiters > 0) {
                notifyAll();
            }
        }
    }

    /** Closes the mailbox: its name is released, later messages are dropped, waiting receivers fail. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue = null;
            notifyAll();
        }
        node.remove(this);
    }

    @Override
    public String toString() {
        return "Mailbox[" + pid + "]";
    }
}
