package dev.nodemesh;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * An {@link Rpc#call rpc call} that produced no result: the Java form of {@code {badrpc,
 * Reason}}. The {@link #reason()} is what {@code rpc:call/5} would return inside {@code badrpc}:
 * {@code {'EXIT', Why}} when the function raised (for example {@code {'EXIT', {undef, [...]}}}),
 * {@code nodedown} when the node is unreachable or went down during the call, {@code timeout}
 * when no result came in time, {@code notsup} when the node runs no Erlang code (a nodemesh
 * node, whose {@code rex} says so), {@code noproc} when the node runs no {@code rex} at all.
 */
public final class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Terms are immutable and not {@link java.io.Serializable}; the reason is kept as is. */
    @SuppressWarnings("serial")
    private final Term reason;

    /**
     * Creates the exception.
     *
     * @param reason the badrpc reason
     * @param message the detail message
     */
    public RpcException(Term reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the call produced no result.
     *
     * @return the reason, as in {@code {badrpc, Reason}}
     */
    public Term reason() {
        return reason;
    }
}
