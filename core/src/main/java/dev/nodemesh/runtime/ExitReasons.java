package dev.nodemesh.runtime;

import dev.nodemesh.term.Atom;

/** The exit reasons and signal tags the runtime itself produces, named as OTP names them; defined here once. */
public final class ExitReasons {

    /** A process that ended without a fault. */
    public static final Atom NORMAL = Atom.of("normal");

    /** The target of a monitor or link does not exist. */
    public static final Atom NOPROC = Atom.of("noproc");

    /** The target's node went away. */
    public static final Atom NOCONNECTION = Atom.of("noconnection");

    /** The node closed its processes on a graceful stop. */
    public static final Atom SHUTDOWN = Atom.of("shutdown");

    /** The exit signal that cannot be trapped. */
    public static final Atom KILL = Atom.of("kill");

    /** The reason of a process ended by {@link #KILL}. */
    public static final Atom KILLED = Atom.of("killed");

    /** The tag of an exit signal turned message, {@code {'EXIT', From, Reason}}. */
    public static final Atom EXIT = Atom.of("EXIT");

    /** A request refused because the peer holds as much as it may. */
    public static final Atom SYSTEM_LIMIT = Atom.of("system_limit");

    private ExitReasons() {}
}
