package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Writes packets in pass-through framing, the framing of a connection that negotiated neither the
 * atom cache nor fragments:
 *
 * <pre>
 *  +---------+------+------------------+---------------------+
 *  | Len:u32 | 0x70 | 0x83 ControlTerm | [0x83 PayloadTerm]  |   Len counts everything after itself
 *  +---------+------+------------------+---------------------+
 *  | 0:u32   |                                                   a tick
 *  +---------+
 * </pre>
 *
 * <p>Each term carries its own version byte {@code 0x83}. A packet is written in one pass into one
 * buffer: a placeholder length, the terms straight from the encoder, then the length patched in.
 * The reading side is {@link dev.nodemesh.transport.DistFrameDecoder} followed by {@link
 * DistMessageDecoder}.
 */
public final class DistFrames {

    /** The type byte of a pass-through packet ({@code 'p'}). */
    public static final int PASS_THROUGH = 112;

    private static final EtfEncoder ENCODER = EtfEncoder.standard();

    private DistFrames() {}

    /**
     * Returns a new buffer holding one complete packet, length field included.
     *
     * @param alloc where the buffer comes from (an I/O buffer, direct when the allocator prefers)
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @return the packet; the caller owns it
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static ByteBuf encode(ByteBufAllocator alloc, ControlMessage control, Term payload) {
        checkPayload(Objects.requireNonNull(control, "control"), payload);
        ByteBuf out = alloc.ioBuffer();
        try {
            encode(control, payload, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Appends one complete packet, length field included, to {@code out}. If a term cannot be
     * encoded, {@code out}'s writer index is restored.
     *
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static void encode(ControlMessage control, Term payload, ByteBuf out) {
        checkPayload(Objects.requireNonNull(control, "control"), payload);
        int start = out.writerIndex();
        try {
            out.writeInt(0);
            out.writeByte(PASS_THROUGH);
            ENCODER.encode(control.toTerm(), out);
            if (payload != null) {
                ENCODER.encode(payload, out);
            }
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        out.setInt(start, out.writerIndex() - start - 4);
    }

    /**
     * Returns a new tick: a packet of length zero, four zero bytes.
     *
     * @param alloc where the buffer comes from
     * @return the tick; the caller owns it
     */
    public static ByteBuf tick(ByteBufAllocator alloc) {
        return alloc.buffer(4, 4).writeInt(0);
    }

    static void checkPayload(ControlMessage control, Term payload) {
        if (control.hasPayload() != (payload != null)) {
            throw new IllegalArgumentException(control.getClass().getSimpleName()
                    + (control.hasPayload() ? " needs a payload term" : " carries no payload term"));
        }
    }
}
