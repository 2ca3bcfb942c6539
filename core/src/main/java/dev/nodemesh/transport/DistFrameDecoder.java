package dev.nodemesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream of a connection after the handshake into frames, and drops ticks.
 *
 * <pre>
 *  +--------+---------------+
 *  | Len:u32| Data[Len]     |   Len &gt; 0: one frame, emitted as a ByteBuf of exactly Len bytes
 *  +--------+---------------+
 *  | 0:u32  |                   Len = 0: a tick (keep-alive), consumed; nothing is emitted
 *  +--------+
 * </pre>
 *
 * <p>Each frame is a retained slice of the input; whoever receives it releases it. Memory grows
 * only with the bytes that actually arrive, never with a length the peer claims. A length above
 * {@link #maxFrameSize()} fails with {@link FrameTooLargeException}: this decoder fires the
 * exception down the pipeline, then closes the channel itself, and discards everything that
 * arrives afterwards.
 *
 * <p>Liveness (counting ticks and partial frames as traffic) is {@link TickHandler}'s job; it goes
 * before this decoder in the pipeline.
 */
public final class DistFrameDecoder extends ByteToMessageDecoder {

    private static final int LENGTH_FIELD = 4;

    private final int maxFrameSize;
    private boolean failed;

    /**
     * Creates a decoder.
     *
     * @param maxFrameSize the largest frame accepted, in bytes (not counting the length field); at
     *     least 1
     * @throws IllegalArgumentException if {@code maxFrameSize} is less than 1
     */
    public DistFrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1, got " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Returns the largest frame this decoder accepts.
     *
     * @return the limit in bytes
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= LENGTH_FIELD) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length == 0) {
                in.skipBytes(LENGTH_FIELD);
                continue;
            }
            if (length > maxFrameSize) {
                failed = true;
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException(length, maxFrameSize);
            }
            if (in.readableBytes() - LENGTH_FIELD < length) {
                return;
            }
            in.skipBytes(LENGTH_FIELD);
            out.add(in.readRetainedSlice((int) length));
            return;
        }
    }

    /**
     * Passes the exception on; after a {@link FrameTooLargeException} also closes the channel, since
     * the stream can no longer be followed.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
        if (cause instanceof FrameTooLargeException) {
            ctx.close();
        }
    }
}
