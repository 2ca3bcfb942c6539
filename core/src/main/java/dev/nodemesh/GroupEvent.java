package dev.nodemesh;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A membership change of a monitored group, {@code {Ref, join | leave, Group, [Pid]}}, exactly as
 * {@code pg:monitor/2} delivers it (see {@link ProcessGroups#monitor}).
 *
 * @param ref the subscription's reference
 * @param joined true for a join, false for a leave
 * @param group the group
 * @param pids the processes that joined or left
 */
public record GroupEvent(Ref ref, boolean joined, Term group, List<Pid> pids) {

    /** The atom {@code join}. */
    public static final Atom JOIN = Atom.of("join");

    /** The atom {@code leave}. */
    public static final Atom LEAVE = Atom.of("leave");

    /** Checks and copies the fields. */
    public GroupEvent {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(group, "group");
        pids = List.copyOf(pids);
    }

    /**
     * Reads an event.
     *
     * @param message a received message
     * @return the event, when the message is one
     */
    public static Optional<GroupEvent> of(Term message) {
        if (message instanceof Tuple t
                && t.size() == 4
                && t.get(0) instanceof Ref ref
                && (JOIN.equals(t.get(1)) || LEAVE.equals(t.get(1)))
                && t.get(3) instanceof TermList list
                && list.isProper()) {
            List<Pid> pids = new ArrayList<>(list.size());
            for (Term element : list.elements()) {
                if (!(element instanceof Pid pid)) {
                    return Optional.empty();
                }
                pids.add(pid);
            }
            return Optional.of(new GroupEvent(ref, JOIN.equals(t.get(1)), t.get(2), pids));
        }
        return Optional.empty();
    }

    /**
     * Returns the message as pg delivers it.
     *
     * @return {@code {Ref, join | leave, Group, [Pid]}}
     */
    public Tuple toTerm() {
        return Tuple.of(ref, joined ? JOIN : LEAVE, group, TermList.of(pids));
    }
}
