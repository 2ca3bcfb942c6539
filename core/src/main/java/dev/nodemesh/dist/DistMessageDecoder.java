package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Turns each frame from {@link dev.nodemesh.transport.DistFrameDecoder} into a {@link
 * DistMessage}, reading the connection's framing as described in {@link DistFrames}: the control
 * term, then the payload term exactly when the control message has one.
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
 * ControlMessage#fromTerm} rejects, a missing payload, or bytes after the last term. The decoder
 * fires the exception down the pipeline, closes the channel, and drops every frame that arrives
 * afterwards. Each frame is released once decoded.
 *
 * <p>The {@link EtfDecoder} must copy binaries (not {@link EtfDecoder#withBinaryViews}), since
 * the frame is released before the message is used.
 */
public final class DistMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    /** Frames up to this size are copied to a heap buffer first: the decoder's fast path reads arrays. */
    static final int COPY_TO_HEAP = 16 * 1024;

    private final EtfDecoder decoder;
    private final DistHeaderReader headers;
    private final ByteBuf scratch = Unpooled.buffer(1024, COPY_TO_HEAP);
    private boolean failed;

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
        super(ByteBuf.class);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.headers = headers;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (failed) {
            return;
        }
        try {
            int size = frame.readableBytes();
            if (!frame.hasArray() && size <= COPY_TO_HEAP) {
                scratch.clear().writeBytes(frame);
                out.add(read(scratch));
            } else {
                out.add(read(frame));
            }
        } catch (DistProtocolException e) {
            failed = true;
            throw e;
        }
    }

    private DistMessage read(ByteBuf frame) {
        if (!frame.isReadable()) {
            throw new DistProtocolException("empty packet");
        }
        int type = frame.readUnsignedByte();
        int refCount = headers == null ? passThrough(type, frame) : distributionHeader(type, frame);
        ControlMessage control = ControlMessage.fromTerm(term(frame, "control message", refCount));
        Term payload = null;
        int payloadSize = 0;
        if (control.hasPayload()) {
            if (!frame.isReadable()) {
                throw new DistProtocolException(
                        "operation " + control.op() + " needs a payload term, but the packet ends");
            }
            int start = frame.readerIndex();
            payload = term(frame, "payload", refCount);
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

    private Term term(ByteBuf frame, String what, int refCount) {
        int offset = frame.readerIndex();
        try {
            return headers == null ? decoder.decode(frame) : decoder.decodeBody(frame, headers.refs(), refCount);
        } catch (EtfDecodeException e) {
            throw new DistProtocolException(
                    "malformed " + what + " at packet offset " + offset + ": " + e.getMessage(), e);
        }
    }

    /**
     * Passes the exception on; after a {@link DistProtocolException} also closes the channel, since
     * the peer is not speaking the protocol.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
        if (cause instanceof DistProtocolException) {
            ctx.close();
        }
    }
}
