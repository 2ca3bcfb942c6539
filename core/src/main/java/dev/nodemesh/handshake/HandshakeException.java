package dev.nodemesh.handshake;

import java.util.Objects;

/**
 * Why a handshake failed: a {@link HandshakeFailure} and, when known, the peer's node name. The
 * message never contains the cookie.
 */
public final class HandshakeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final HandshakeFailure failure;
    private final String peer;

    /**
     * Creates an exception.
     *
     * @param failure the kind of failure
     * @param peer the peer's node name, or {@code null} when it is not known (yet)
     * @param detail what happened, for the log; must not contain secrets
     */
    public HandshakeException(HandshakeFailure failure, String peer, String detail) {
        this(failure, peer, detail, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param failure the kind of failure
     * @param peer the peer's node name, or {@code null} when it is not known (yet)
     * @param detail what happened, for the log; must not contain secrets
     * @param cause the underlying failure, or {@code null}
     */
    public HandshakeException(HandshakeFailure failure, String peer, String detail, Throwable cause) {
        super(
                Objects.requireNonNull(failure, "failure") + ": " + detail
                        + (peer == null ? "" : " (peer " + peer + ")"),
                cause);
        this.failure = failure;
        this.peer = peer;
    }

    /**
     * Returns the kind of failure.
     *
     * @return the failure
     */
    public HandshakeFailure failure() {
        return failure;
    }

    /**
     * Returns the peer's node name: the name dialled on the initiator side, the announced name on
     * the acceptor side once a valid one was read.
     *
     * @return the name, or {@code null} when it is not known
     */
    public String peer() {
        return peer;
    }
}
