package dev.nodemesh.demo;

import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The IEx shell of the walkthrough, registered as {@code my_iex}: it keeps the messages it receives
 * until {@link #flush(int)} takes them, as iex's {@code flush()} does. It keeps at most {@code
 * demo.inbox-capacity} messages; beyond that a message is dropped and counted, with one log line
 * each time the inbox fills up.
 */
@Component
@NodeProcess("my_iex")
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final int capacity;

    private final Deque<Term> messages = new ArrayDeque<>();

    private long dropped;

    private boolean full;

    /**
     * Creates the inbox.
     *
     * @param properties where its capacity is set
     */
    public Inbox(DemoProperties properties) {
        if (properties.getInboxCapacity() < 1) {
            throw new IllegalArgumentException(
                    "demo.inbox-capacity must be at least 1, but is " + properties.getInboxCapacity());
        }
        this.capacity = properties.getInboxCapacity();
    }

    /**
     * Keeps a message, or drops it when the inbox is full.
     *
     * @param message anything sent to {@code {:my_iex, node}}
     */
    @OnMessage
    public synchronized void keep(Term message) {
        if (messages.size() >= capacity) {
            dropped++;
            if (!full) {
                full = true;
                log.warn("my_iex inbox is full ({} messages); dropping messages until it is flushed", capacity);
            }
            return;
        }
        messages.addLast(message);
    }

    /**
     * Takes the oldest messages received so far, as iex prints them; the rest stay for the next flush.
     *
     * @param limit the most messages to take, at least 1
     * @return the messages in Elixir syntax, oldest first
     */
    public synchronized List<String> flush(int limit) {
        List<String> printed = new ArrayList<>(Math.min(limit, messages.size()));
        while (printed.size() < limit && !messages.isEmpty()) {
            printed.add(TermSyntax.ELIXIR.format(messages.pollFirst()));
        }
        if (messages.size() < capacity) {
            full = false;
        }
        return printed;
    }

    /**
     * Tells how many messages wait.
     *
     * @return the count
     */
    public synchronized int size() {
        return messages.size();
    }

    /**
     * Tells how many messages were dropped because the inbox was full.
     *
     * @return the count since the start
     */
    public synchronized long dropped() {
        return dropped;
    }

    /**
     * Returns the messages received so far without taking them.
     *
     * @return a snapshot
     */
    public synchronized List<Term> peek() {
        return new ArrayList<>(messages);
    }
}
