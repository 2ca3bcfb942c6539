package dev.nodemesh.dist;

import dev.nodemesh.handshake.HandshakeCompleted;
import dev.nodemesh.handshake.HandshakeFailed;
import dev.nodemesh.transport.DistFrameDecoder;
import dev.nodemesh.transport.TickHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Waits for the handshake's outcome. On success it registers the connection and puts the
 * post-handshake handlers in place, so that bytes the peer sent right after the handshake reach
 * them; on failure it reports the attempt as failed.
 */
final class ConnectionSetupHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionManager manager;
    private final PeerSlot slot;
    private boolean reported;

    ConnectionSetupHandler(ConnectionManager manager, PeerSlot slot) {
        this.manager = manager;
        this.slot = slot;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeCompleted completed) {
            settle(ctx);
            Connection connection = manager.handshakeCompleted(ctx.channel(), completed);
            if (connection == null) {
                ctx.close();
                return;
            }
            DistSettings settings = manager.settings();
            ctx.channel()
                    .config()
                    .setWriteBufferWaterMark(
                            new WriteBufferWaterMark(settings.sendLowWaterMark(), settings.sendHighWaterMark()));
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addBefore(ctx.name(), "ticks", new TickHandler(settings.tickTime()));
            pipeline.addBefore(ctx.name(), "traffic", new InboundTrafficCounter(connection));
            pipeline.addBefore(
                    ctx.name(),
                    "frames",
                    new DistFrameDecoder(
                            settings.maxFrameSize(),
                            DistFrameDecoder.DEFAULT_FRAMES_PER_TURN,
                            new DistMessageDecoder(manager.decoder(), connection.headers())));
            pipeline.replace(this, "inbound", new ConnectionInboundHandler(manager, connection));
            manager.connectionUp(connection);
        } else if (event instanceof HandshakeFailed failed) {
            settle(ctx);
            var cause = failed.cause();
            manager.attemptFailed(slot, ctx.channel(), cause.failure(), cause.getMessage());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!reported) {
            settle(ctx);
            manager.attemptFailed(slot, ctx.channel(), null, "connection closed during the handshake");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        manager.reportedFatal(cause);
        if (!reported) {
            settle(ctx);
            manager.attemptFailed(slot, ctx.channel(), null, String.valueOf(cause.getMessage()));
        }
        ctx.close();
    }

    /** The handshake's outcome is known: an accepted attempt no longer counts as pending. */
    private void settle(ChannelHandlerContext ctx) {
        reported = true;
        if (slot == null) {
            manager.incomingSettled(ctx.channel());
        }
    }
}
