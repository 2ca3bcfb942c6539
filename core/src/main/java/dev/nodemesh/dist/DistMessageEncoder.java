package dev.nodemesh.dist;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/**
 * Writes {@link DistMessage}s as packets ({@link DistFrames}) in one framing, for pipelines that
 * write messages rather than ready-made buffers. Stateless, so one instance may serve every
 * channel of its framing.
 */
@ChannelHandler.Sharable
public final class DistMessageEncoder extends MessageToByteEncoder<DistMessage> {

    private final DistFraming framing;

    /** Creates an encoder of pass-through packets. */
    public DistMessageEncoder() {
        this(DistFraming.PASS_THROUGH);
    }

    /**
     * Creates an encoder.
     *
     * @param framing the framing to write
     */
    public DistMessageEncoder(DistFraming framing) {
        super(DistMessage.class);
        this.framing = Objects.requireNonNull(framing, "framing");
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, DistMessage msg, ByteBuf out) {
        DistFrames.encode(framing, msg.control(), msg.payload(), out);
    }
}
