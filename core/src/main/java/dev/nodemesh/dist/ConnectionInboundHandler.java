package dev.nodemesh.dist;

import dev.nodemesh.transport.FrameTooLargeException;
import dev.nodemesh.transport.TickTimeout;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of an established connection's pipeline: hands packets on, notices the end. */
final class ConnectionInboundHandler extends SimpleChannelInboundHandler<DistMessage> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionInboundHandler.class);

    private final ConnectionManager manager;
    private final Connection connection;

    ConnectionInboundHandler(ConnectionManager manager, Connection connection) {
        this.manager = manager;
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DistMessage message) {
        connection.countMessageIn();
        try {
            manager.inbound().onMessage(connection, message);
        } catch (RuntimeException e) {
            log.error(
                    "failed to handle {} from {}",
                    message.control(),
                    connection.peer().name(),
                    e);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            manager.inbound().readComplete(connection);
        } catch (RuntimeException e) {
            log.error("failed to complete a read from {}", connection.peer().name(), e);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof TickTimeout) {
            connection.markClosing(DisconnectReason.NET_TICK_TIMEOUT);
            log.warn(
                    "{} not responding: nothing read for {}, closing the connection",
                    connection.peer().name(),
                    manager.settings().tickTime());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (manager.reportedFatal(cause)) {
            // the node closes, and this connection with it; stop reading from it at once
            connection.markClosing(DisconnectReason.SHUTDOWN);
            ctx.close();
            return;
        }
        if (cause instanceof java.io.IOException) {
            // The socket failed (typically "Connection reset": a peer killed with unread data in
            // its buffers resets the connection): the connection is closed, as OTP reports it.
            connection.markClosing(DisconnectReason.CONNECTION_CLOSED);
            log.info("connection to {} lost: {}", connection.peer().name(), cause.getMessage());
            ctx.close();
            return;
        }
        connection.markClosing(DisconnectReason.PROTOCOL_ERROR);
        if (cause instanceof FrameTooLargeException || cause instanceof DistProtocolException) {
            log.warn("closing the connection to {}: {}", connection.peer().name(), cause.getMessage());
        } else {
            log.warn("closing the connection to {}", connection.peer().name(), cause);
        }
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        manager.inbound().readComplete(connection);
        manager.connectionClosed(connection);
        ctx.fireChannelInactive();
    }
}
