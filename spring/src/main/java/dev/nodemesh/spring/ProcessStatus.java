package dev.nodemesh.spring;

import dev.nodemesh.term.Pid;
import java.util.Optional;

/**
 * What a {@link NodeProcess} bean's mailbox is doing, as {@link NodeProcessRegistrar} supervises
 * it.
 *
 * @param name the registered name
 * @param state running, waiting to be restarted, or given up
 * @param pid the current mailbox's pid, while running
 * @param restarts how many times the mailbox was restarted since the application started
 * @param lastExitReason the reason the mailbox last ended, as Elixir prints it, if it ever ended
 */
public record ProcessStatus(
        String name, State state, Optional<Pid> pid, long restarts, Optional<String> lastExitReason) {

    /** The states of a supervised process. */
    public enum State {
        /** Registered and taking messages. */
        RUNNING,
        /** Ended; registered again after the back-off. */
        RESTARTING,
        /** Ended more often than the restart intensity allows, or could not be registered again. */
        DOWN,
        /** Not registered (before the registrar starts, or after it stops). */
        STOPPED
    }
}
