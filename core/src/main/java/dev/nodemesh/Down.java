package dev.nodemesh;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.Objects;
import java.util.Optional;

/**
 * The message a monitor delivers when its target ends: {@code {:DOWN, ref, :process, target,
 * reason}}, exactly as Erlang delivers it. A mailbox receives it as a term; this record reads and
 * writes that term.
 *
 * @param ref the monitor reference {@link Mailbox#monitor(dev.nodemesh.term.Pid)} returned
 * @param target the pid, or {@code {name, node}} for a monitor by name
 * @param reason the exit reason: {@code noproc} when the target did not exist, {@code
 *     noconnection} when its node went away, else the reason it ended with
 */
public record Down(Ref ref, Term target, Term reason) {

    /** The atom {@code DOWN}. */
    public static final Atom DOWN = Atom.of("DOWN");

    /** The atom {@code process}. */
    public static final Atom PROCESS = Atom.of("process");

    /** Checks the fields. */
    public Down {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Reads a Down message.
     *
     * @param message a received message
     * @return the Down, when the message is one
     */
    public static Optional<Down> of(Term message) {
        if (message instanceof Tuple t
                && t.isTagged(DOWN, 5)
                && t.get(1) instanceof Ref ref
                && PROCESS.equals(t.get(2))) {
            return Optional.of(new Down(ref, t.get(3), t.get(4)));
        }
        return Optional.empty();
    }

    /**
     * Returns the message as Erlang delivers it.
     *
     * @return {@code {:DOWN, ref, :process, target, reason}}
     */
    public Tuple toTerm() {
        return Tuple.of(DOWN, ref, PROCESS, target, reason);
    }
}
