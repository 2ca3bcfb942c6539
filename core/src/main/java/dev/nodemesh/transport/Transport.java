package dev.nodemesh.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of a node: one event loop group, the listening socket and outgoing sockets, all
 * with {@code TCP_NODELAY} as OTP uses on distribution sockets. On NIO (the default) connections
 * are {@link DirectSocketChannel}s, which other threads may write to directly while they are idle;
 * on native epoll ({@link SocketKind#EPOLL}) every write goes through the event loop.
 *
 * <p>An {@link Error} on an event loop thread (out of memory, a stack overflow) is the node's
 * problem, not one connection's: the handlers that catch one pass it to {@link #fatalError}, which
 * hands it to the node, and so does a thread that dies of one.
 */
public final class Transport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    private final EventLoopGroup group;
    private final SocketKind sockets;
    private final Thread.UncaughtExceptionHandler onError;

    /**
     * Creates the event loops; an {@link Error} on them is only logged.
     *
     * @param threads how many event loop threads; 0 lets Netty choose
     * @param threadNamePrefix the prefix of their names, so a thread dump tells nodes apart
     */
    public Transport(int threads, String threadNamePrefix) {
        this(threads, threadNamePrefix, (thread, error) -> log.error("error on {}", thread.getName(), error));
    }

    /**
     * Creates the event loops.
     *
     * @param threads how many event loop threads; 0 lets Netty choose
     * @param threadNamePrefix the prefix of their names, so a thread dump tells nodes apart
     * @param onError takes an {@link Error} raised on an event loop thread, on that thread
     */
    public Transport(int threads, String threadNamePrefix, Thread.UncaughtExceptionHandler onError) {
        this(threads, threadNamePrefix, SocketKind.NIO, onError);
    }

    /**
     * Creates the event loops of one kind of socket.
     *
     * @param threads how many event loop threads; 0 lets Netty choose
     * @param threadNamePrefix the prefix of their names, so a thread dump tells nodes apart
     * @param sockets NIO, or native epoll
     * @param onError takes an {@link Error} raised on an event loop thread, on that thread
     * @throws IllegalStateException when the kind of socket is not available here
     */
    public Transport(
            int threads, String threadNamePrefix, SocketKind sockets, Thread.UncaughtExceptionHandler onError) {
        this.onError = Objects.requireNonNull(onError, "onError");
        this.sockets = Objects.requireNonNull(sockets, "sockets");
        if (sockets == SocketKind.EPOLL) {
            SocketKind.epollUnavailability().ifPresent(cause -> {
                throw new IllegalStateException(
                        "epoll is not available here (add io.netty:netty-transport-native-epoll for this platform,"
                                + " of the same version as Netty, or use NIO): " + cause.getMessage(),
                        cause);
            });
        }
        this.group = new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory(threadNamePrefix, true) {
                    @Override
                    protected Thread newThread(Runnable runnable, String name) {
                        Thread thread = super.newThread(runnable, name);
                        thread.setUncaughtExceptionHandler(onError);
                        return thread;
                    }
                },
                sockets.ioHandlers());
    }

    /**
     * Hands an {@link Error} caught on the calling thread (an event loop's, typically) to the node.
     *
     * @param error the error
     */
    public void fatalError(Error error) {
        onError.uncaughtException(Thread.currentThread(), error);
    }

    /**
     * Returns the kind of sockets and event loops.
     *
     * @return NIO or epoll
     */
    public SocketKind sockets() {
        return sockets;
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
     * Listens for connections and accepts them at once.
     *
     * @param address where to listen; port 0 picks a free one
     * @param initializer sets up each accepted channel
     * @return the listening channel
     * @throws IOException when the address cannot be bound
     */
    public Channel listen(InetSocketAddress address, ChannelInitializer<SocketChannel> initializer) throws IOException {
        return listen(address, true, initializer);
    }

    /**
     * Listens for connections.
     *
     * @param address where to listen; port 0 picks a free one
     * @param accepting whether to accept connections at once; when false, they wait in the listen
     *     backlog until the listening channel's auto-read is turned on
     * @param initializer sets up each accepted channel
     * @return the listening channel
     * @throws IOException when the address cannot be bound
     */
    public Channel listen(InetSocketAddress address, boolean accepting, ChannelInitializer<SocketChannel> initializer)
            throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(sockets.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, accepting)
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
                .channel(sockets.socketChannel())
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

    /**
     * Stops the event loops, waiting briefly for them to finish (not when called from one of them,
     * which cannot wait for itself).
     */
    @Override
    public void close() {
        var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!onEventLoop()) {
            terminated.syncUninterruptibly();
        }
    }

    /**
     * Tells whether the calling thread is one of these event loops.
     *
     * @return whether it is
     */
    public boolean onEventLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
