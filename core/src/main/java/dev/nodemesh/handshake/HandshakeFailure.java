package dev.nodemesh.handshake;

/** Why a handshake failed; see {@link HandshakeException#failure()}. */
public enum HandshakeFailure {
    /**
     * The handshake did not finish within its deadline, or an accepted connection did not send its
     * name within the shorter deadline for the first message.
     */
    TIMEOUT,
    /** The connection closed, or broke, before the handshake finished. */
    CONNECTION_CLOSED,
    /** The peer sent bytes that are not the message expected at this step. */
    MALFORMED,
    /** The peer announced a handshake message longer than any valid one. */
    FRAME_TOO_LARGE,
    /** The peer used the legacy version-5 name message ({@code 'n'}). */
    UNSUPPORTED_VERSION,
    /** The peer lacks capability flags that OTP 25 makes mandatory. */
    MISSING_FLAGS,
    /** The node that answered is not the one dialled. */
    NAME_MISMATCH,
    /** The peer announced a node name that is not {@code alive@host}, or asked for a dynamic name. */
    INVALID_NAME,
    /** The peer's digest does not match the cookie: the two nodes have different cookies. */
    BAD_DIGEST,
    /** The acceptor refused the connection ({@code not_allowed}), or this node refused the peer. */
    NOT_ALLOWED,
    /**
     * The connection lost a simultaneous-connect race ({@code nok}): the other attempt between the
     * two nodes goes on.
     */
    NOK,
    /**
     * The acceptor still had a connection to the initiator ({@code alive}) and the initiator chose
     * to keep that one.
     */
    ALIVE_REFUSED,
    /**
     * This node closed the accepted connection before the peer had sent its name, to make room for
     * a newer one: too many handshakes were pending, from the peer's address or in all.
     */
    EVICTED,
    /**
     * The TLS handshake failed (an untrusted, expired or wrongly named certificate, a missing
     * client certificate, no common protocol), TLS broke during the handshake, or one side speaks
     * TLS and the other plain TCP.
     */
    TLS_HANDSHAKE
}
