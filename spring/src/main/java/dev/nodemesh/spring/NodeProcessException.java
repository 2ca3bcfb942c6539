package dev.nodemesh.spring;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * Thrown by an {@link OnMessage} method to answer the call with {@code {:error, Reason}}, the
 * reason chosen by the method; the default {@link NodeProcessErrorHandler} replies it unchanged.
 */
public class NodeProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason, a term; not serialised. */
    private final transient Term reason;

    /**
     * Creates the exception.
     *
     * @param reason the reason the caller receives in {@code {:error, Reason}}
     */
    public NodeProcessException(Term reason) {
        super(String.valueOf(reason));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the reason.
     *
     * @return the reason term
     */
    public Term reason() {
        return reason;
    }
}
