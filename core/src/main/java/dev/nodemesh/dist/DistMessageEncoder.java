package dev.nodemesh.dist;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link DistMessage}s as pass-through packets ({@link DistFrames}), for pipelines that
 * write messages rather than ready-made buffers. Stateless, so one instance may serve every
 * channel.
 */
@ChannelHandler.Sharable
public final class DistMessageEncoder extends MessageToByteEncoder<DistMessage> {

    /** Creates an encoder. */
    public DistMessageEncoder() {
        super(DistMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, DistMessage msg, ByteBuf out) {
        DistFrames.encode(msg.control(), msg.payload(), out);
    }
}
