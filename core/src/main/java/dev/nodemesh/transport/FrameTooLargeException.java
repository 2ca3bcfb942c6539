package dev.nodemesh.transport;

import io.netty.handler.codec.DecoderException;

/**
 * Thrown by {@link DistFrameDecoder} when a frame's length field claims more bytes than the
 * decoder accepts. Nothing has been allocated for the claimed length, and the connection is
 * closed.
 */
public final class FrameTooLargeException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final int limit;

    /**
     * Creates an exception.
     *
     * @param length the length the peer claimed, an unsigned 32-bit value
     * @param limit the largest frame accepted
     */
    public FrameTooLargeException(long length, int limit) {
        super("frame length " + length + " exceeds the limit of " + limit + " bytes");
        this.length = length;
        this.limit = limit;
    }

    /**
     * Returns the length the peer claimed.
     *
     * @return the length field, 0 to 2<sup>32</sup>-1
     */
    public long length() {
        return length;
    }

    /**
     * Returns the largest frame the decoder accepts.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }
}
