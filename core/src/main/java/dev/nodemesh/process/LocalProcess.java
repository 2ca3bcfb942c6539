package dev.nodemesh.process;

import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;

/** Something that lives on this node under a pid and takes messages: a mailbox or a system process. */
public interface LocalProcess {

    /**
     * Returns this process's pid.
     *
     * @return the pid
     */
    Pid pid();

    /**
     * Hands a message to this process. Called on network threads: must not block.
     *
     * @param message the message
     */
    void deliver(Term message);

    /**
     * Hands a signal turned message to this process: a Down, an exit signal or a node event. Erlang
     * never loses these, so a bounded mailbox takes them even when full. Must not block.
     *
     * @param message the message
     */
    default void deliverSignal(Term message) {
        deliver(message);
    }
}
