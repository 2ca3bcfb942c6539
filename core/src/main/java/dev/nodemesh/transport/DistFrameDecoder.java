package dev.nodemesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
 * <p>A {@link FrameParser} turns each frame into what is handed on, reading it in place in this
 * decoder's buffer: a connection's parser decodes the packet there, which saves a slice, its
 * reference count and a pipeline step per packet. Without one, each frame is a retained slice of
 * the input, which its receiver releases. A parser's exception is a failure like a frame that is
 * too large: it goes down the pipeline, the channel closes, and what arrives afterwards is
 * discarded. Memory grows
 * only with the bytes that actually arrive, never with a length the peer claims. A length above
 * {@link #maxFrameSize()} fails with {@link FrameTooLargeException}: this decoder fires the
 * exception down the pipeline, then closes the channel itself, and discards everything that
 * arrives afterwards.
 *
 * <p>Liveness (counting ticks and partial frames as traffic) is {@link TickHandler}'s job; it goes
 * before this decoder in the pipeline.
 *
 * <p>Fairness: the connections of a node share its network threads, so one connection may not keep
 * a thread for long. A read hands on at most {@link #framesPerTurn()} frames; when more complete
 * frames are buffered, the decoder stops reading from the socket (auto-read off, so the peer meets
 * TCP back-pressure and the buffer stays bounded), lets the event loop serve the other channels,
 * and continues with the next {@code framesPerTurn} frames in a task scheduled on the event loop,
 * which runs after the loop's next round of I/O, firing {@code channelReadComplete} after each
 * batch. Once the buffer holds no complete frame,
 * reading resumes.
 */
public final class DistFrameDecoder extends ByteToMessageDecoder {

    private static final int LENGTH_FIELD = 4;

    /** The default {@link #framesPerTurn()}. */
    public static final int DEFAULT_FRAMES_PER_TURN = 1024;

    private final int maxFrameSize;
    private final int framesPerTurn;
    private final FrameParser parser;
    private boolean failed;

    /** Frames this turn may still hand on. */
    private int budget;

    /** A task to go on with the buffered frames is queued on the event loop. */
    private boolean resumeQueued;

    /**
     * Creates a decoder.
     *
     * @param maxFrameSize the largest frame accepted, in bytes (not counting the length field); at
     *     least 1
     * @throws IllegalArgumentException if {@code maxFrameSize} is less than 1
     */
    public DistFrameDecoder(int maxFrameSize) {
        this(maxFrameSize, DEFAULT_FRAMES_PER_TURN);
    }

    /**
     * Creates a decoder that hands on at most {@code framesPerTurn} frames per event-loop turn.
     *
     * @param maxFrameSize the largest frame accepted, in bytes (not counting the length field); at
     *     least 1
     * @param framesPerTurn the most frames handed on before other channels get their turn; at least 1
     * @throws IllegalArgumentException if either is less than 1
     */
    public DistFrameDecoder(int maxFrameSize, int framesPerTurn) {
        this(maxFrameSize, framesPerTurn, FrameParser.SLICES);
    }

    /**
     * Creates a decoder that hands on what {@code parser} makes of each frame, at most {@code
     * framesPerTurn} frames per event-loop turn.
     *
     * @param maxFrameSize the largest frame accepted, in bytes (not counting the length field); at
     *     least 1
     * @param framesPerTurn the most frames handed on before other channels get their turn; at least 1
     * @param parser reads each frame in place
     * @throws IllegalArgumentException if either number is less than 1
     */
    public DistFrameDecoder(int maxFrameSize, int framesPerTurn, FrameParser parser) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1, got " + maxFrameSize);
        }
        if (framesPerTurn < 1) {
            throw new IllegalArgumentException("framesPerTurn must be at least 1, got " + framesPerTurn);
        }
        this.maxFrameSize = maxFrameSize;
        this.framesPerTurn = framesPerTurn;
        this.budget = framesPerTurn;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Returns the most frames handed on in one event-loop turn.
     *
     * @return the bound
     */
    public int framesPerTurn() {
        return framesPerTurn;
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
                if (!ctx.channel().isOpen()) {
                    // a later handler failed on an earlier frame of this read and closed the channel:
                    // it reported that, and a second exception would only be a second log line
                    return;
                }
                throw new FrameTooLargeException(length, maxFrameSize);
            }
            if (in.readableBytes() - LENGTH_FIELD < length) {
                return;
            }
            if (budget == 0) {
                pause(ctx);
                return;
            }
            budget--;
            in.skipBytes(LENGTH_FIELD);
            out.add(parse(in, (int) length));
            return;
        }
    }

    /** Lets the parser read exactly the frame's bytes of {@code in}; the frame is consumed after it. */
    private Object parse(ByteBuf in, int length) {
        int start = in.readerIndex();
        int end = start + length;
        int writerIndex = in.writerIndex();
        in.writerIndex(end);
        try {
            return parser.parse(in, length);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            in.writerIndex(writerIndex);
            if (failed) {
                in.skipBytes(in.readableBytes());
            } else {
                in.readerIndex(end);
            }
        }
    }

    /** This turn's frames are handed on and another complete one is buffered: yield the thread. */
    private void pause(ChannelHandlerContext ctx) {
        if (resumeQueued) {
            return;
        }
        resumeQueued = true;
        ctx.channel().config().setAutoRead(false);
        // Scheduled, not executed: the event loop runs tasks queued during its task pass in that same
        // pass, but takes due scheduled tasks only at the start of the next, after its I/O.
        ctx.executor().schedule(() -> resume(ctx), 0, TimeUnit.NANOSECONDS);
    }

    private void resume(ChannelHandlerContext ctx) {
        resumeQueued = false;
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        budget = framesPerTurn;
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            exceptionCaught(ctx, e);
        }
        if (!resumeQueued) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A turn ends: the next read may hand on {@link #framesPerTurn()} frames again. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!resumeQueued) {
            budget = framesPerTurn;
        }
        super.channelReadComplete(ctx);
    }

    /**
     * Passes the exception on; after a {@link FrameTooLargeException} also closes the channel, since
     * the stream can no longer be followed.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
        if (failed || cause instanceof FrameTooLargeException) {
            ctx.close();
        }
    }
}
