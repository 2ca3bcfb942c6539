package dev.nodemesh;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * A {@link GenServer#call gen_server call} that got no reply because the server is gone: the
 * Java form of the exit {@code gen_server:call/3} raises. The {@link #reason()} is the one the
 * monitor reported: {@code noproc} (no such process or name), {@code noconnection} (its node is
 * unreachable or went down) or the exit reason of a server that ended during the call.
 */
public class CallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Terms are immutable and not {@link java.io.Serializable}; the reason is kept as is. */
    @SuppressWarnings("serial")
    private final Term reason;

    /**
     * Creates the exception.
     *
     * @param reason the exit reason
     * @param message the detail message
     */
    public CallException(Term reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the call failed, as the server's monitor reported it.
     *
     * @return the exit reason, such as {@code noproc} or {@code noconnection}
     */
    public Term reason() {
        return reason;
    }
}
