package dev.nodemesh.demo;

import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The IEx shell of the walkthrough, registered as {@code my_iex}: it keeps every message it
 * receives until {@link #flush()} takes them, as iex's {@code flush()} does.
 */
@Component
@NodeProcess("my_iex")
public class Inbox {

    private final List<Term> messages = new ArrayList<>();

    /**
     * Keeps a message.
     *
     * @param message anything sent to {@code {:my_iex, node}}
     */
    @OnMessage
    public synchronized void keep(Term message) {
        messages.add(message);
    }

    /**
     * Takes every message received so far, oldest first, as iex prints them.
     *
     * @return the messages in Elixir syntax
     */
    public synchronized List<String> flush() {
        List<String> printed = messages.stream().map(TermSyntax.ELIXIR::format).toList();
        messages.clear();
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
     * Returns the messages received so far without taking them.
     *
     * @return a snapshot
     */
    public synchronized List<Term> peek() {
        return new ArrayList<>(messages);
    }
}
