package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.transport.FrameParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * Turns each frame that {@link dev.nodemesh.transport.DistFrameDecoder} splits off into a {@link
 * DistMessage}, reading the connection's framing as described in {@link DistFrames}: the control
 * term, then the payload term exactly when the control message has one. It is the frame
 * decoder's {@link FrameParser}, so each frame is read where it arrived, in the decoder's
 * buffer, without a slice or a second pipeline step.
 *
 * <ul>
 *   <li>{@linkplain DistFraming#PASS_THROUGH Pass-through}: the byte {@code 0x70}, then each term
 *       with its version byte. A distribution header is an error.
 *   <li>{@linkplain DistFraming#DISTRIBUTION_HEADER Distribution header}: {@code 0x83 0x44}, the
 *       atom cache references ({@link DistHeaderReader}, with the connection's cache), then the
 *       terms without version bytes, whose {@code ATOM_CACHE_REF}s resolve to those references. A
 *       pass-through packet is an error, and so are fragments ({@code 0x83 0x45}, {@code 0x83
 *       0x46}), since nodemesh never announces {@code FRAGMENTS}.
 * </ul>
 *
 * <p>Anything else is a {@link DistProtocolException}: another first byte, a malformed header, a
 * malformed term (wrapping the {@link EtfDecodeException}), a control message that {@link
 * ControlMessage#fromTerm} rejects, a missing payload, or bytes after the last term. The frame
 * decoder then passes the exception down the pipeline, closes the channel and ignores every byte
 * that arrives afterwards.
 *
 * <p>The {@link EtfDecoder} must copy binaries (not {@link EtfDecoder#withBinaryViews}), since
 * the frame's bytes are reused once the message is made. One instance per connection: it keeps
 * a scratch buffer and is used by the connection's event loop only.
 */
public final class DistMessageDecoder implements FrameParser {

    /** Frames up to this size in a direct buffer are copied to a heap buffer first: the decoder's fast path reads arrays. */
    static final int COPY_TO_HEAP = 16 * 1024;

    private final EtfDecoder decoder;
    private final DistHeaderReader headers;
    private final ByteBuf scratch = Unpooled.buffer(1024, COPY_TO_HEAP);

    /**
     * Creates a decoder of pass-through packets.
     *
     * @param decoder the term decoder, with the limits to enforce; one that copies binaries
     */
    public DistMessageDecoder(EtfDecoder decoder) {
        this(decoder, null);
    }

    /**
     * Creates a decoder of the framing {@code headers} implies.
     *
     * @param decoder the term decoder, with the limits to enforce; one that copies binaries
     * @param headers the connection's header reader for distribution-header framing; null for
     *     pass-through
     */
    DistMessageDecoder(EtfDecoder decoder, DistHeaderReader headers) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.headers = headers;
    }

    /**
     * Decodes one packet.
     *
     * @param in the frame decoder's buffer, holding exactly the packet's bytes
     * @param length the packet's length
     * @return the message
     * @throws DistProtocolException when the packet is malformed
     */
    @Override
    public DistMessage parse(ByteBuf in, int length) {
        if (!in.hasArray() && length <= COPY_TO_HEAP) {
            scratch.clear().writeBytes(in, length);
            return read(scratch);
        }
        return read(in);
    }

    private DistMessage read(ByteBuf frame) {
        if (!frame.isReadable()) {
            throw new DistProtocolException("empty packet");
        }
        int packetStart = frame.readerIndex();
        int type = frame.readUnsignedByte();
        int refCount = headers == null ? passThrough(type, frame) : distributionHeader(type, frame);
        ControlMessage control = ControlMessage.fromTerm(term(frame, packetStart, "control message", refCount));
        Term payload = null;
        int payloadSize = 0;
        if (control.hasPayload()) {
            if (!frame.isReadable()) {
                throw new DistProtocolException(
                        "operation " + control.op() + " needs a payload term, but the packet ends");
            }
            int start = frame.readerIndex();
            payload = term(frame, packetStart, "payload", refCount);
            payloadSize = frame.readerIndex() - start;
        }
        if (frame.isReadable()) {
            throw new DistProtocolException(frame.readableBytes() + " bytes follow the "
                    + (control.hasPayload() ? "payload" : "control message of operation " + control.op()));
        }
        return new DistMessage(control, payload, payloadSize);
    }

    /** Checks the type byte of a pass-through packet; there are no atom cache references. */
    private static int passThrough(int type, ByteBuf frame) {
        if (type != DistFrames.PASS_THROUGH) {
            if (type == DistFrames.VERSION && frame.isReadable()) {
                throw new DistProtocolException("packet starts with a distribution header (131, "
                        + frame.getUnsignedByte(frame.readerIndex())
                        + "), but only pass-through framing (112) was negotiated");
            }
            throw new DistProtocolException("packet starts with " + type + ", expected pass-through framing (112)");
        }
        return 0;
    }

    /** Reads a normal distribution header; returns its number of atom cache references. */
    private int distributionHeader(int type, ByteBuf frame) {
        if (type == DistFrames.PASS_THROUGH) {
            throw new DistProtocolException(
                    "packet uses pass-through framing (112), but the distribution header (131, 68) was negotiated");
        }
        if (type != DistFrames.VERSION || !frame.isReadable()) {
            throw new DistProtocolException(
                    "packet starts with " + type + ", expected a distribution header (131, 68)");
        }
        int kind = frame.readUnsignedByte();
        if (kind != DistFrames.NORMAL_HEADER) {
            if (kind == DistFrames.FRAGMENT_START || kind == DistFrames.FRAGMENT_CONTINUATION) {
                throw new DistProtocolException("packet is a message fragment (131, " + kind
                        + "), but fragments were not negotiated (this node does not announce FRAGMENTS)");
            }
            throw new DistProtocolException(
                    "packet starts with 131, " + kind + ", expected a distribution header (131, 68)");
        }
        return headers.read(frame);
    }

    private Term term(ByteBuf frame, int packetStart, String what, int refCount) {
        int offset = frame.readerIndex() - packetStart;
        try {
            return headers == null ? decoder.decode(frame) : decoder.decodeBody(frame, headers.refs(), refCount);
        } catch (EtfDecodeException e) {
            throw new DistProtocolException(
                    "malformed " + what + " at packet offset " + offset + ": " + e.getMessage(), e);
        }
    }
}
