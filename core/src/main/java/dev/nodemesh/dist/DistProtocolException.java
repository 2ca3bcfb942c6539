package dev.nodemesh.dist;

import io.netty.handler.codec.DecoderException;

/**
 * Thrown when a packet received on a distribution connection is not valid distribution data: the
 * wrong framing, a malformed term, a control message of an unknown operation or the wrong shape,
 * a missing or unexpected payload, or bytes left over. The connection cannot be trusted after it
 * and is closed.
 *
 * <p>The message says what was expected; it never quotes the offending term in full, so a hostile
 * peer cannot make a log line arbitrarily long.
 */
public final class DistProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was expected and what was found
     */
    public DistProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause, such as the {@link
     * dev.nodemesh.term.etf.EtfDecodeException} of a malformed term.
     *
     * @param message what was expected and what was found
     * @param cause the underlying failure
     */
    public DistProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
