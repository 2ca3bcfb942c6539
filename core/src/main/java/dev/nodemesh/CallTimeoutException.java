package dev.nodemesh;

import dev.nodemesh.term.Atom;

/**
 * A {@link GenServer#call gen_server call} that got no reply within its timeout while the server
 * was still there; the reason is {@code timeout}, as in Erlang. A reply that comes later is
 * dropped.
 */
public final class CallTimeoutException extends CallException {

    private static final long serialVersionUID = 1L;

    /** The reason of every timeout, {@code timeout}. */
    public static final Atom TIMEOUT = Atom.of("timeout");

    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public CallTimeoutException(String message) {
        super(TIMEOUT, message);
    }
}
