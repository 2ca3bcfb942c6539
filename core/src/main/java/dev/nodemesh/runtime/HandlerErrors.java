package dev.nodemesh.runtime;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;

/**
 * The exit reason of a mailbox whose handler threw: {@code {handler_error, Class, Message}}, the
 * class and the message as binaries ({@code {:handler_error, "java.lang.IllegalStateException",
 * "boom"}} in iex), an absent message as an empty binary.
 */
public final class HandlerErrors {

    /** The first element of the reason. */
    public static final Atom TAG = Atom.of("handler_error");

    private HandlerErrors() {}

    /**
     * Builds the exit reason for a failure.
     *
     * @param failure what the handler threw
     * @return the reason
     */
    public static Term exitReason(Throwable failure) {
        String message = failure.getMessage();
        return Tuple.of(TAG, Binary.of(failure.getClass().getName()), Binary.of(message == null ? "" : message));
    }
}
