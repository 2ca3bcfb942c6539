package dev.nodemesh.epmd;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown for EPMD failures; {@link #kind()} tells which. Messages are meant for users: they say
 * what happened, where, and how to fix it.
 */
public final class EpmdException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Nothing accepts connections at the EPMD address (or the connection broke). */
        UNREACHABLE,
        /** The node name is already registered with that EPMD. */
        NAME_IN_USE,
        /** The EPMD answered with bytes that are not a valid reply. */
        PROTOCOL,
        /** The EPMD did not answer (or accept the connection) in time. */
        TIMEOUT
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind what went wrong
     * @param message what happened and how to fix it
     */
    public EpmdException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind what went wrong
     * @param message what happened and how to fix it
     * @param cause the underlying failure
     */
    public EpmdException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind of failure
     */
    public Kind kind() {
        return kind;
    }
}
