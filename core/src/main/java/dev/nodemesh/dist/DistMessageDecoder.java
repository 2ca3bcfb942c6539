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
 * DistMessage}, reading the pass-through framing described in {@link DistFrames}: the byte {@code
 * 0x70}, the control term, and the payload term exactly when the control message has one.
 *
 * <p>Anything else is a {@link DistProtocolException}: another first byte (a distribution header
 * {@code 0x83 0x44}, which a connection without the atom cache and fragments never carries), a
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
    private final ByteBuf scratch = Unpooled.buffer(1024, COPY_TO_HEAP);
    private boolean failed;

    /**
     * Creates a decoder.
     *
     * @param decoder the term decoder, with the limits to enforce; one that copies binaries
     */
    public DistMessageDecoder(EtfDecoder decoder) {
        super(ByteBuf.class);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
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
        if (type != DistFrames.PASS_THROUGH) {
            if (type == 131 && frame.isReadable()) {
                throw new DistProtocolException("packet starts with a distribution header (131, "
                        + frame.getUnsignedByte(frame.readerIndex())
                        + "), but only pass-through framing (112) was negotiated");
            }
            throw new DistProtocolException("packet starts with " + type + ", expected pass-through framing (112)");
        }
        ControlMessage control = ControlMessage.fromTerm(term(frame, "control message"));
        Term payload = null;
        if (control.hasPayload()) {
            if (!frame.isReadable()) {
                throw new DistProtocolException(
                        "operation " + control.op() + " needs a payload term, but the packet ends");
            }
            payload = term(frame, "payload");
        }
        if (frame.isReadable()) {
            throw new DistProtocolException(frame.readableBytes() + " bytes follow the "
                    + (control.hasPayload() ? "payload" : "control message of operation " + control.op()));
        }
        return new DistMessage(control, payload);
    }

    private Term term(ByteBuf frame, String what) {
        int offset = frame.readerIndex();
        try {
            return decoder.decode(frame);
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
