package dev.nodemesh.dist;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the bytes a connection reads, before they are split into packets. */
final class InboundTrafficCounter extends ChannelInboundHandlerAdapter {

    private final Connection connection;

    InboundTrafficCounter(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            connection.countIn(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
