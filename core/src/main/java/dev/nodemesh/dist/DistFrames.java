package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Writes packets in either framing a connection can negotiate ({@link DistFraming}):
 *
 * <pre>
 *  pass-through (neither side announces the atom cache nor fragments):
 *  +---------+------+------------------+---------------------+
 *  | Len:u32 | 0x70 | 0x83 ControlTerm | [0x83 PayloadTerm]  |   Len counts everything after itself
 *  +---------+------+------------------+---------------------+
 *
 *  distribution header (both sides announce the atom cache):
 *  +---------+-----------+---+-------+---------------+---------------+
 *  | Len:u32 | 0x83 0x44 | N | Flags | AtomCacheRefs | ControlTerm   | [PayloadTerm]
 *  +---------+-----------+---+-------+---------------+---------------+
 *                          N = 0 (no Flags, no refs) but for message sends through a
 *                          connection's cache; the terms have no 0x83
 *
 *  +---------+
 *  | 0:u32   |   a tick, in both framings
 *  +---------+
 * </pre>
 *
 * <p>A connection's packets that carry messages ({@code SEND_SENDER}, {@code SEND}, {@code
 * REG_SEND}) name their control message's atoms through its {@link SendAtomCache}; every other
 * atom, the payload's too, is written in full, which OTP accepts at any time. A packet is written in one pass into one
 * buffer: a placeholder length, the header, the terms straight from the encoder, then the length
 * patched in. The reading side is {@link dev.nodemesh.transport.DistFrameDecoder} followed by
 * {@link DistMessageDecoder}.
 */
public final class DistFrames {

    /** The type byte of a pass-through packet ({@code 'p'}). */
    public static final int PASS_THROUGH = 112;

    /** The first byte of a distribution header, the version byte of the terms it covers. */
    public static final int VERSION = 131;

    /** The second byte of a normal distribution header. */
    public static final int NORMAL_HEADER = 68;

    /** The second byte of the header of a fragmented message's first fragment. */
    public static final int FRAGMENT_START = 69;

    /** The second byte of the header of a fragmented message's later fragments. */
    public static final int FRAGMENT_CONTINUATION = 70;

    /** {@code 0x83 0x44 0x00}: a normal distribution header without atom cache references. */
    private static final int EMPTY_HEADER = (VERSION << 16) | (NORMAL_HEADER << 8);

    private static final EtfEncoder ENCODER = EtfEncoder.standard();

    private DistFrames() {}

    /**
     * Returns a new buffer holding one complete pass-through packet, length field included.
     *
     * @param alloc where the buffer comes from (an I/O buffer, direct when the allocator prefers)
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @return the packet; the caller owns it
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static ByteBuf encode(ByteBufAllocator alloc, ControlMessage control, Term payload) {
        return encode(alloc, DistFraming.PASS_THROUGH, control, payload);
    }

    /**
     * Returns a new buffer holding one complete packet in the given framing, length field
     * included.
     *
     * @param alloc where the buffer comes from (an I/O buffer, direct when the allocator prefers)
     * @param framing the connection's framing
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @return the packet; the caller owns it
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static ByteBuf encode(ByteBufAllocator alloc, DistFraming framing, ControlMessage control, Term payload) {
        checkPayload(Objects.requireNonNull(control, "control"), payload);
        ByteBuf out = alloc.ioBuffer();
        try {
            encode(framing, control, payload, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Appends one complete pass-through packet, length field included, to {@code out}. If a term
     * cannot be encoded, {@code out}'s writer index is restored.
     *
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static void encode(ControlMessage control, Term payload, ByteBuf out) {
        encode(DistFraming.PASS_THROUGH, control, payload, out);
    }

    /**
     * Appends one complete packet in the given framing, length field included, to {@code out}. If
     * a term cannot be encoded, {@code out}'s writer index is restored.
     *
     * @param framing the connection's framing
     * @param control the control message
     * @param payload the payload term; null exactly when {@code control} carries none
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the payload does not match {@link
     *     ControlMessage#hasPayload()}, or a term cannot be encoded
     */
    public static void encode(DistFraming framing, ControlMessage control, Term payload, ByteBuf out) {
        encode(framing, control, payload, out, null);
    }

    /**
     * Appends one complete packet as {@link #encode(DistFraming, ControlMessage, Term, ByteBuf)}
     * does, naming the atoms of a message's control message through the connection's atom cache
     * when it has one.
     *
     * @param cache the connection's sending atom cache; null in pass-through framing or to write
     *     every atom in full. The packet's cache entries are committed when it is written, undone
     *     when it cannot be encoded
     */
    static void encode(DistFraming framing, ControlMessage control, Term payload, ByteBuf out, SendAtomCache cache) {
        checkPayload(Objects.requireNonNull(control, "control"), payload);
        boolean passThrough = Objects.requireNonNull(framing, "framing") == DistFraming.PASS_THROUGH;
        int start = beginPacket(passThrough, control, out, cache);
        try {
            if (payload != null) {
                writeTerm(payload, passThrough, out);
            }
        } catch (RuntimeException e) {
            out.writerIndex(start);
            abort(cache);
            throw e;
        }
        out.setInt(start, out.writerIndex() - start - 4);
        commit(cache);
    }

    /**
     * Writes a packet's placeholder length, its header and its control message, the control
     * message's atoms through {@code cache} when there is one and the message is a send.
     *
     * @return where the packet starts, for the length to be patched in; {@code out} is as it was
     *     (and the cache too) when the control message cannot be encoded
     */
    private static int beginPacket(boolean passThrough, ControlMessage control, ByteBuf out, SendAtomCache cache) {
        int start = out.writerIndex();
        try {
            out.writeInt(0);
            if (passThrough) {
                out.writeByte(PASS_THROUGH);
            } else if (cache != null && CachedControlWriter.takes(control)) {
                CachedControlWriter.write(control, cache, out);
                return start;
            } else {
                out.writeMedium(EMPTY_HEADER);
            }
            writeTerm(control.toTerm(), passThrough, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            abort(cache);
            throw e;
        }
        return start;
    }

    private static void commit(SendAtomCache cache) {
        if (cache != null) {
            cache.commit();
        }
    }

    private static void abort(SendAtomCache cache) {
        if (cache != null) {
            cache.abort();
        }
    }

    /**
     * Encodes a payload term once, as {@link #encode(DistFraming, ControlMessage, Term, ByteBuf)}
     * would write it after the control message in that framing, for {@link
     * #encodeWithEncodedPayload} to copy into many packets (one message to many processes of one
     * node).
     *
     * @param framing the connection's framing
     * @param payload the payload term
     * @param out where the encoded term goes
     * @throws IllegalArgumentException if the term cannot be encoded; {@code out} is as it was
     */
    public static void encodePayload(DistFraming framing, Term payload, ByteBuf out) {
        int start = out.writerIndex();
        try {
            writeTerm(Objects.requireNonNull(payload, "payload"), framing == DistFraming.PASS_THROUGH, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Writes one packet whose payload was encoded by {@link #encodePayload} in the same framing.
     *
     * @param framing the connection's framing
     * @param control a control message that carries a payload
     * @param encodedPayload the encoded payload; its readable bytes are copied, its indexes kept
     * @param out where the packet goes
     */
    public static void encodeWithEncodedPayload(
            DistFraming framing, ControlMessage control, ByteBuf encodedPayload, ByteBuf out) {
        encodeWithEncodedPayload(framing, control, encodedPayload, out, null);
    }

    /**
     * Writes one packet as {@link #encodeWithEncodedPayload(DistFraming, ControlMessage, ByteBuf,
     * ByteBuf)} does, the control message's atoms through the connection's atom cache when it has
     * one (see {@link #encode(DistFraming, ControlMessage, Term, ByteBuf, SendAtomCache)}).
     */
    static void encodeWithEncodedPayload(
            DistFraming framing, ControlMessage control, ByteBuf encodedPayload, ByteBuf out, SendAtomCache cache) {
        if (!control.hasPayload()) {
            throw new IllegalArgumentException(control.getClass().getSimpleName() + " carries no payload term");
        }
        int start = beginPacket(framing == DistFraming.PASS_THROUGH, control, out, cache);
        try {
            out.writeBytes(encodedPayload, encodedPayload.readerIndex(), encodedPayload.readableBytes());
        } catch (RuntimeException e) {
            out.writerIndex(start);
            abort(cache);
            throw e;
        }
        out.setInt(start, out.writerIndex() - start - 4);
        commit(cache);
    }

    /** Writes a term with its version byte (pass-through) or without (after a distribution header). */
    private static void writeTerm(Term term, boolean versioned, ByteBuf out) {
        if (versioned) {
            ENCODER.encode(term, out);
        } else {
            ENCODER.encodeBody(term, out);
        }
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
