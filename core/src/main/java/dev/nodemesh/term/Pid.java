package dev.nodemesh.term;

import java.util.Objects;

/**
 * A process identifier: where a message goes. Printed by iex as {@code #PID<0.42.0>}.
 *
 * <p>The numbers are unsigned 32-bit values on the wire (OTP 26 uses all 32 bits); they are
 * held in {@code int}s and compared as such.
 *
 * @param node the node the process lives on
 * @param id the process number on that node
 * @param serial the serial, bumped when ids wrap
 * @param creation the node's incarnation, from EPMD; tells a restarted node's pids apart
 */
public record Pid(Atom node, int id, int serial, int creation) implements Term {

    /** Creates a pid. */
    public Pid {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}
