package dev.nodemesh.spring;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * Thrown by an {@link OnMessage} method (or a {@link NodeProcessErrorHandler}) to stop the
 * process with a reason, as a gen_server returning {@code {:stop, Reason, State}} does: nothing
 * is replied, the process exits with the reason, so a caller's {@code GenServer.call} exits with
 * {@code {Reason, {GenServer, :call, ...}}} and a {@code NodeTemplate.call} fails with a {@link
 * dev.nodemesh.CallException} of that reason. The supervision then restarts the process, as for
 * any exit but {@code shutdown}.
 */
public class ProcessStopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The exit reason; not serialised. */
    private final transient Term reason;

    /**
     * Creates the exception.
     *
     * @param reason the process's exit reason
     */
    public ProcessStopException(Term reason) {
        super("stop: " + reason);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the exit reason.
     *
     * @return the reason term
     */
    public Term reason() {
        return reason;
    }
}
