package dev.nodemesh.transport;

import io.netty.buffer.ByteBuf;

/**
 * Turns the bytes of one frame into the object {@link DistFrameDecoder} hands down the pipeline,
 * reading them where they arrived: no slice, no reference count, no second pipeline step.
 */
@FunctionalInterface
public interface FrameParser {

    /** Hands on each frame as a retained slice of the input, which its receiver releases. */
    FrameParser SLICES = ByteBuf::readRetainedSlice;

    /**
     * Parses one frame.
     *
     * @param in the input, positioned at the frame's first byte, with exactly {@code length}
     *     readable bytes; the parser may read them all or leave some (the decoder skips what is
     *     left), and must not keep {@code in} or a derived buffer without retaining it
     * @param length the frame's length, at least 1
     * @return what to hand on; not null
     * @throws RuntimeException when the frame is malformed: the decoder stops reading the
     *     connection, passes the exception on and closes the channel
     */
    Object parse(ByteBuf in, int length);
}
