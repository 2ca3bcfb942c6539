package dev.nodemesh;

import dev.nodemesh.term.Atom;

/** The exit reasons the runtime itself produces, named as OTP names them. */
final class ExitReasons {

    static final Atom NORMAL = Atom.of("normal");
    static final Atom NOPROC = Atom.of("noproc");
    static final Atom NOCONNECTION = Atom.of("noconnection");
    static final Atom KILL = Atom.of("kill");
    static final Atom KILLED = Atom.of("killed");
    static final Atom EXIT = Atom.of("EXIT");
    static final Atom SYSTEM_LIMIT = Atom.of("system_limit");

    private ExitReasons() {}
}
