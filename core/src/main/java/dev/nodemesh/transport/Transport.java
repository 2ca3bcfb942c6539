package dev.nodemesh.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of a node: one event loop group, the listening socket and outgoing sockets, all
 * with {@code TCP_NODELAY} as OTP uses on distribution sockets. Connections are {@link
 * DirectSocketChannel}s, which other threads may write to directly while they are idle.
 */
public final class Transport implements AutoCloseable {

    private final EventLoopGroup group;

    /**
     * Creates the event loops.
     *
     * @param threads how many event loop threads; 0 lets Netty choose
     * @param threadNamePrefix the prefix of their names, so a thread dump tells nodes apart
     */
    public Transport(int threads, String threadNamePrefix) {
        this.group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(threadNamePrefix, true), NioIoHandler.newFactory());
    }

    /**
     * Returns the event loops.
     *
     * @return the group
     */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * Listens for connections.
     *
     * @param address where to listen; port 0 picks a free one
     * @param initializer sets up each accepted channel
     * @return the listening channel
     * @throws IOException when the address cannot be bound
     */
    public Channel listen(InetSocketAddress address, ChannelInitializer<SocketChannel> initializer) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(DirectServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, readSizes())
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer);
        var future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException(
                    "cannot listen on " + address + ": " + future.cause().getMessage(), future.cause());
        }
        return future.channel();
    }

    /**
     * Starts a connection; the returned future tells when the TCP connection is up.
     *
     * @param address where to connect
     * @param timeout how long the TCP connect may take
     * @param initializer sets up the channel
     * @return the connect future
     */
    public io.netty.channel.ChannelFuture connect(
            InetSocketAddress address, Duration timeout, ChannelInitializer<SocketChannel> initializer) {
        return new Bootstrap()
                .group(group)
                .channel(DirectSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RECVBUF_ALLOCATOR, readSizes())
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(initializer)
                .connect(address);
    }

    /**
     * Read buffers adapt between 2 KiB and 1 MiB: a stream of large packets is read in few calls and
     * rarely split across reads (which the frame decoder would have to join by copying).
     */
    private static AdaptiveRecvByteBufAllocator readSizes() {
        return new AdaptiveRecvByteBufAllocator(2048, 16 * 1024, 1 << 20);
    }

    /** Stops the event loops, waiting briefly for them to finish. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
